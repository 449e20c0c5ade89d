package org.atrium.platform.web;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One structured log line per request (method, path, status, duration, tenant, request id), and an
 * {@code X-Request-Id} on every response so a problem report can be matched to the log. The lines are written by a
 * background thread ({@link AsyncRequestLog}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestLogging extends OncePerRequestFilter {

    /** Request attribute under which a module may record the tenant a request concerns, for the log line. */
    public static final String TENANT_ATTRIBUTE = "atrium.tenant";

    /** The logger of the request log lines. */
    static final String LOGGER = "atrium.request";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);
    private static final String HEADER = "X-Request-Id";
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Milliseconds with two decimals, rounded half up ({@code 1235} µs is {@code 1.24}), as a log field. */
    static String millis(long micros) {
        long hundredths = (Math.max(0, micros) + 5) / 10;
        long fraction = hundredths % 100;
        return (hundredths / 100) + (fraction < 10 ? ".0" : ".") + fraction;
    }

    /**
     * A random (version 4) UUID from the thread's own generator. A request id only correlates a response with the log
     * and the audit trail, and is shown to the caller, so it need not be unguessable; {@code UUID.randomUUID()} would
     * take the JVM-wide lock of the secure random generator, and read {@code /dev/urandom}, on every request.
     */
    static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
        return new UUID(high, low).toString();
    }

    public static String currentRequestId() {
        String id = MDC.get("requestId");
        return id == null ? "-" : id;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String incoming = request.getHeader(HEADER);
        String requestId = incoming != null && REQUEST_ID.matcher(incoming).matches() ? incoming : newRequestId();
        long start = System.nanoTime();
        MDC.put("requestId", requestId);
        response.setHeader(HEADER, requestId);
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            // A failure outside the controllers (a filter): still a problem document, never a stack trace.
            LoggerFactory.getLogger(RequestLogging.class).error("Unexpected failure on {} {}", request.getMethod(),
                    request.getRequestURI(), e);
            if (response.isCommitted()) {
                throw e;
            }
            response.reset();
            response.setHeader(HEADER, requestId);
            ProblemResponses.write(request, response, org.springframework.http.HttpStatus.INTERNAL_SERVER_ERROR,
                    "internal", "An unexpected error occurred; it has been logged with request id " + requestId);
        } finally {
            long micros = (System.nanoTime() - start) / 1_000;
            Object tenant = request.getAttribute(TENANT_ATTRIBUTE);
            if (log.isInfoEnabled() && !request.getRequestURI().startsWith("/actuator")) {
                log.info("method={} path={} status={} durationMs={} tenant={} requestId={}", request.getMethod(),
                        request.getRequestURI(), response.getStatus(), millis(micros), tenant == null ? "-" : tenant,
                        requestId);
            }
            MDC.remove("requestId");
        }
    }
}
