package org.atrium.platform.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.atrium.platform.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Turns every failure into an RFC 9457 problem with a stable type. Bad input is a 4xx that names the field; only a
 * genuine fault is a 500, and its detail never carries a stack trace. Ordered first, so that these handlers, not
 * Spring's generic problem details, describe unreadable bodies and bad parameters.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemHandling {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        e.headers().forEach(headers::add);
        return respond(e.toProblemDetail(), request, headers);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e, HttpServletRequest request) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.putIfAbsent(error.getField(), error.getDefaultMessage());
        }
        e.getBindingResult().getGlobalErrors().forEach(g -> errors.putIfAbsent(g.getObjectName(), g.getDefaultMessage()));
        String detail = errors.isEmpty() ? "The request is not valid." : ProblemException.describe(errors);
        return respond(ProblemException.badRequest("validation", detail, errors).toProblemDetail(), request, null);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> invalidParameters(HandlerMethodValidationException e, HttpServletRequest request) {
        Map<String, String> errors = new LinkedHashMap<>();
        e.getParameterValidationResults().forEach(r -> {
            String name = r.getMethodParameter().getParameterName();
            r.getResolvableErrors().forEach(err -> errors.putIfAbsent(name == null ? "parameter" : name,
                    err.getDefaultMessage()));
        });
        return respond(ProblemException.badRequest("validation", "Request parameters are not valid: " + ProblemException.describe(errors),
                errors)
                .toProblemDetail(), request, null);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        ProblemException problem = JsonErrors.describe(e);
        return respond(problem.toProblemDetail(), request, null);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        String name = e.getName();
        return respond(ProblemException.badRequest("validation", "'%s' has an invalid value '%s'".formatted(name, e.getValue()),
                Map.of(name, "invalid value")).toProblemDetail(), request, null);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e, HttpServletRequest request) {
        return respond(ProblemException.badRequest("validation", "Query parameter '%s' is required".formatted(e.getParameterName()),
                Map.of(e.getParameterName(), "is required")).toProblemDetail(), request, null);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ProblemDetail> missingHeader(MissingRequestHeaderException e, HttpServletRequest request) {
        return respond(ProblemException.badRequest("validation", "Header '%s' is required".formatted(e.getHeaderName()),
                Map.of(e.getHeaderName(), "is required")).toProblemDetail(), request, null);
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<ProblemDetail> duplicate(DuplicateKeyException e, HttpServletRequest request) {
        log.info("Duplicate key: {}", e.getMostSpecificCause().getMessage());
        return respond(ProblemException.conflict("duplicate", "A resource with the same key already exists").toProblemDetail(),
                request, null);
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> concurrentChange(OptimisticLockingFailureException e, HttpServletRequest request) {
        return respond(new ProblemException(HttpStatus.CONFLICT, "concurrent-modification",
                "The resource was changed by someone else; read it again and retry").toProblemDetail(), request, null);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e, HttpServletRequest request) {
        return respond(new ProblemException(HttpStatus.FORBIDDEN, "forbidden",
                "Your credentials do not grant this action").toProblemDetail(), request, null);
    }

    @ExceptionHandler({ NoResourceFoundException.class, HttpRequestMethodNotSupportedException.class,
            HttpMediaTypeNotSupportedException.class })
    ResponseEntity<ProblemDetail> framework(Exception e, HttpServletRequest request) {
        ErrorResponse response = (ErrorResponse) e;
        HttpStatusCode status = response.getStatusCode();
        HttpStatus known = HttpStatus.resolve(status.value());
        String kind = switch (status.value()) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> known == null ? "bad-request"
                    : known.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, response.getBody().getDetail());
        problem.setType(ProblemException.Problems.type(kind));
        problem.setTitle(response.getBody().getTitle());
        return respond(problem, request, response.getHeaders());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse) {
            // A framework failure that knows its own status (406, 400 for a missing path variable …).
            return framework(e, request);
        }
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred; it has been logged with request id " + RequestLogging.currentRequestId());
        problem.setType(ProblemException.Problems.type("internal"));
        problem.setTitle("Internal error");
        return respond(problem, request, null);
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, HttpServletRequest request,
            HttpHeaders headers) {
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (headers != null) {
            builder.headers(headers);
        }
        return builder.body(problem);
    }
}
