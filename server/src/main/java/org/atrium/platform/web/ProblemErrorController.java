package org.atrium.platform.web;

import org.atrium.platform.ProblemException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The container's error page as a problem: what the servlet container or a filter refused before any controller
 * ran (a malformed URL, a firewall rejection) leaves with its status and a stable type. Asked for directly,
 * {@code /error} is a resource that does not exist: a 404, not the 500 of an error without a status.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping(path = "${server.error.path:/error}", produces = { MediaType.APPLICATION_PROBLEM_JSON_VALUE,
            MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE })
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ProblemDetail problem;
        if (!(code instanceof Integer status)) {
            problem = ProblemException.notFound("Resource", request.getRequestURI()).toProblemDetail();
        } else {
            HttpStatus known = HttpStatus.resolve(status);
            HttpStatus shown = known == null ? HttpStatus.INTERNAL_SERVER_ERROR : known;
            String kind = switch (shown) {
                case NOT_FOUND -> "not-found";
                case METHOD_NOT_ALLOWED -> "method-not-allowed";
                case PAYLOAD_TOO_LARGE -> "payload-too-large";
                case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
                case INTERNAL_SERVER_ERROR -> "internal";
                default -> shown.is4xxClientError() ? "bad-request"
                        : shown.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
            };
            String detail = shown.is5xxServerError()
                    ? "An unexpected error occurred; it has been logged with request id "
                            + RequestLogging.currentRequestId()
                    : "The request was refused before it reached the API: " + shown.getReasonPhrase().toLowerCase(
                            java.util.Locale.ROOT) + ".";
            problem = new ProblemException(shown, kind, detail).toProblemDetail();
        }
        try {
            problem.setInstance(java.net.URI.create(uri instanceof String s ? s : request.getRequestURI()));
        } catch (IllegalArgumentException e) {
            problem.setInstance(null); // a URL the container refused may not even be a URI
        }
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
