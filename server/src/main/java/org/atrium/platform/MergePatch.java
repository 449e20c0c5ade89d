package org.atrium.platform;

import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON merge patch (RFC 7396), the way every editable resource of the API is changed: objects merge, {@code null}
 * removes, anything else replaces. Failures are 400 problems that name the field.
 */
public final class MergePatch {

    private MergePatch() {
    }

    /** Parses a patch body, which must be a JSON object. */
    public static JsonNode parse(ObjectMapper json, String body) {
        JsonNode patch;
        try {
            patch = json.readTree(body);
        } catch (JacksonException e) {
            throw ProblemException.badRequest("malformed-json", "The request body is not valid JSON");
        }
        if (patch == null || !patch.isObject()) {
            throw ProblemException.badRequest("validation", "The patch must be a JSON object");
        }
        return patch;
    }

    /** Applies {@code patch} to {@code target} in place. */
    public static void apply(ObjectNode target, JsonNode patch) {
        for (String name : List.copyOf(patch.propertyNames())) {
            JsonNode value = patch.get(name);
            if (value.isNull()) {
                target.remove(name);
            } else if (value.isObject() && target.get(name) instanceof ObjectNode existing) {
                apply(existing, value);
            } else {
                target.set(name, value);
            }
        }
    }

    /** Reads the patched document as {@code type}, turning a type or field error into a 400 that names the field. */
    public static <T> T bind(ObjectMapper json, JsonNode document, Class<T> type) {
        try {
            return json.treeToValue(document, type);
        } catch (JacksonException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getPropertyName() == null ? "[" + r.getIndex() + "]" : r.getPropertyName())
                    .reduce((a, b) -> a + "." + b).orElse("body");
            throw ProblemException.badRequest("validation", "Invalid value at '%s'".formatted(path),
                    Map.of(path, "invalid or unknown field"));
        }
    }
}
