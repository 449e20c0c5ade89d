package org.atrium.operations.internal;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON merge patch (RFC 7396): objects merge, null removes, anything else replaces. */
final class MergePatch {

    private MergePatch() {
    }

    static void apply(ObjectNode target, JsonNode patch) {
        List<String> names = new ArrayList<>(patch.propertyNames());
        for (String name : names) {
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
}
