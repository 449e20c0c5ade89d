package org.atrium.platform.web;

import java.util.Map;
import java.util.stream.Collectors;

import org.atrium.platform.ProblemException;
import org.springframework.http.converter.HttpMessageNotReadableException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/** Names what is wrong with an unreadable JSON body: which field, and why. */
final class JsonErrors {

    private JsonErrors() {
    }

    static ProblemException describe(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return ProblemException.badRequest("validation", "Unknown field '%s'".formatted(field),
                    Map.of(field, "unknown field"));
        }
        if (cause instanceof ValueInstantiationException vie) {
            String field = path(vie);
            Throwable root = vie.getCause() != null ? vie.getCause() : vie;
            String message = root.getMessage() == null ? "invalid value" : root.getMessage();
            return ProblemException.badRequest("validation", (field.isEmpty() ? "" : field + ": ") + message,
                    Map.of(field.isEmpty() ? "body" : field, message));
        }
        if (cause instanceof InvalidFormatException invalid) {
            String field = path(invalid);
            String target = invalid.getTargetType() == null ? "value" : invalid.getTargetType().getSimpleName();
            return ProblemException.badRequest("validation",
                    "'%s' has an invalid value '%s' (expected %s)".formatted(field, invalid.getValue(), describe(target)),
                    Map.of(field, "invalid value"));
        }
        if (cause instanceof MismatchedInputException mismatch) {
            String field = path(mismatch);
            String target = mismatch.getTargetType() == null ? "value" : mismatch.getTargetType().getSimpleName();
            String name = field.isEmpty() ? "body" : field;
            return ProblemException.badRequest("validation",
                    "'%s' has the wrong type (expected %s)".formatted(name, describe(target)), Map.of(name, "wrong type"));
        }
        if (cause instanceof StreamReadException) {
            return ProblemException.badRequest("malformed-json", "The request body is not valid JSON");
        }
        if (cause instanceof JacksonException je) {
            String field = path(je);
            return ProblemException.badRequest("validation", "The request body could not be read at '%s'".formatted(field),
                    Map.of(field.isEmpty() ? "body" : field, "invalid"));
        }
        return ProblemException.badRequest("malformed-json", "The request body is missing or not valid JSON");
    }

    private static String describe(String simpleType) {
        return switch (simpleType) {
            case "int", "Integer", "long", "Long" -> "an integer";
            case "boolean", "Boolean" -> "true or false";
            case "BigDecimal" -> "a plain decimal number or string such as 12.50";
            default -> simpleType.endsWith("Map") ? "an object" : simpleType.endsWith("List") ? "an array" : "a " + simpleType;
        };
    }

    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
