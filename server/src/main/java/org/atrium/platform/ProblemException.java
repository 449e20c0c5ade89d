package org.atrium.platform;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A failure that leaves the API as an RFC 9457 problem: a stable {@code type} ({@code /problems/<kind>}), a
 * human {@code detail} and optional extension members. Thrown by any module; rendered by {@code ProblemHandling}.
 */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String kind;
    private final Map<String, Object> properties;
    private final Map<String, String> headers;

    public ProblemException(HttpStatus status, String kind, String detail) {
        this(status, kind, detail, Map.of(), Map.of());
    }

    public ProblemException(HttpStatus status, String kind, String detail, Map<String, ?> properties) {
        this(status, kind, detail, properties, Map.of());
    }

    public ProblemException(HttpStatus status, String kind, String detail, Map<String, ?> properties,
            Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.kind = kind;
        this.properties = new LinkedHashMap<>(properties);
        this.headers = Map.copyOf(headers);
    }

    public static ProblemException badRequest(String kind, String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, kind, detail);
    }

    /**
     * A validation failure naming the offending fields ({@code errors}: field → message). A detail written as
     * {@code "… not valid: " + errors} reads as a sentence: the map's Java form in it is replaced by
     * {@link #describe(Map)}.
     */
    public static ProblemException badRequest(String kind, String detail, Map<String, String> fieldErrors) {
        String readable = detail;
        String javaForm = fieldErrors.toString();
        if (!fieldErrors.isEmpty() && detail.contains(javaForm)) {
            readable = detail.replace(javaForm, describe(fieldErrors));
            if (readable.endsWith("..")) {
                readable = readable.substring(0, readable.length() - 1);
            }
        }
        return new ProblemException(HttpStatus.BAD_REQUEST, kind, readable, Map.of("errors", fieldErrors));
    }

    /**
     * Field errors as a sentence for a person: {@code "amount must be greater than zero; reference: at most 200
     * characters."}.
     */
    public static String describe(Map<String, String> fieldErrors) {
        StringBuilder out = new StringBuilder();
        fieldErrors.forEach((field, message) -> {
            if (!out.isEmpty()) {
                out.append("; ");
            }
            String m = message == null ? "is not valid" : message.strip();
            out.append(field).append(READS_ON.matcher(m).lookingAt() ? " " : ": ").append(m);
        });
        if (!out.isEmpty() && ".!?".indexOf(out.charAt(out.length() - 1)) < 0) {
            out.append('.');
        }
        return out.toString();
    }

    /** Messages that continue the field's name as a sentence ("amount must be …"); others follow a colon. */
    private static final java.util.regex.Pattern READS_ON = java.util.regex.Pattern.compile(
            "(is|are|must|may|has|have|cannot|can|does|do|was|were|should|names|gives)\\b");

    public static ProblemException invalidField(String field, String message) {
        return badRequest("validation", describe(Map.of(field, message)), Map.of(field, message));
    }

    public static ProblemException notFound(String what, String key) {
        return new ProblemException(HttpStatus.NOT_FOUND, "not-found", "%s '%s' does not exist".formatted(what, key));
    }

    public static ProblemException conflict(String kind, String detail) {
        return new ProblemException(HttpStatus.CONFLICT, kind, detail);
    }

    /** An illegal state transition: names the current and the requested state. */
    public static ProblemException illegalTransition(String what, String current, String requested) {
        return new ProblemException(HttpStatus.CONFLICT, "illegal-transition",
                "%s cannot go from '%s' to '%s'".formatted(what, current, requested),
                Map.of("currentState", current, "requestedState", requested));
    }

    public HttpStatus status() {
        return status;
    }

    public String kind() {
        return kind;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setType(Problems.type(kind));
        problem.setTitle(Problems.title(kind, status));
        properties.forEach(problem::setProperty);
        return problem;
    }

    /** Problem type URIs and titles. */
    public static final class Problems {

        private Problems() {
        }

        public static URI type(String kind) {
            return URI.create("/problems/" + kind);
        }

        static String title(String kind, HttpStatus status) {
            String words = kind.replace('-', ' ');
            return words.isEmpty() ? status.getReasonPhrase()
                    : Character.toUpperCase(words.charAt(0)) + words.substring(1);
        }
    }
}
