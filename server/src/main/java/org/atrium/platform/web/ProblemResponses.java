package org.atrium.platform.web;

import java.io.IOException;
import java.util.Map;

import org.atrium.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem from a servlet filter, where controller advice does not reach (authentication, body size,
 * maintenance mode, enforcement).
 */
public final class ProblemResponses {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ProblemResponses() {
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String kind,
            String detail) throws IOException {
        write(request, response, new ProblemException(status, kind, detail));
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, ProblemException problem)
            throws IOException {
        ProblemDetail detail = problem.toProblemDetail();
        detail.setInstance(java.net.URI.create(request.getRequestURI()));
        response.setStatus(problem.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        problem.headers().forEach(response::setHeader);
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", detail.getType().toString());
        body.put("title", detail.getTitle());
        body.put("status", detail.getStatus());
        body.put("detail", detail.getDetail());
        body.put("instance", detail.getInstance().toString());
        if (detail.getProperties() != null) {
            body.putAll(detail.getProperties());
        }
        response.getOutputStream().write(MAPPER.writeValueAsBytes(body));
    }
}
