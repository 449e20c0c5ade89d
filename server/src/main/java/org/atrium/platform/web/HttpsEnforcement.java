package org.atrium.platform.web;

import java.io.IOException;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * With {@code atrium.http.enforce-https} ({@code ATRIUM_ENFORCE_HTTPS=true}), a request that did not arrive over
 * HTTPS is redirected to the same URL on https (308, so a POST stays a POST), and HTTPS answers carry HSTS. Behind a
 * TLS-terminating proxy the request counts as HTTPS when the proxy says so in {@code X-Forwarded-Proto}. Health
 * checks and Caddy's TLS question stay reachable over plain HTTP: they come from the proxy itself, before there is a
 * certificate.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class HttpsEnforcement extends OncePerRequestFilter {

    static final String HSTS = "max-age=31536000; includeSubDomains";

    private final boolean enforce;

    HttpsEnforcement(@Value("${atrium.http.enforce-https:false}") boolean enforce) {
        this.enforce = enforce;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (!enforce) {
            return true;
        }
        String uri = request.getRequestURI();
        return uri.equals("/internal/tls/ask") || uri.startsWith("/actuator/health");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (secure(request)) {
            response.setHeader("Strict-Transport-Security", HSTS);
            chain.doFilter(request, response);
            return;
        }
        StringBuilder target = new StringBuilder("https://").append(host(request)).append(request.getRequestURI());
        if (request.getQueryString() != null) {
            target.append('?').append(request.getQueryString());
        }
        response.setStatus(308);
        response.setHeader("Location", target.toString());
    }

    private static boolean secure(HttpServletRequest request) {
        if (request.isSecure()) {
            return true;
        }
        String forwarded = request.getHeader("X-Forwarded-Proto");
        if (forwarded == null) {
            return false;
        }
        int comma = forwarded.indexOf(',');
        String first = (comma < 0 ? forwarded : forwarded.substring(0, comma)).trim().toLowerCase(Locale.ROOT);
        return first.equals("https");
    }

    /** The host without the port of the plain-HTTP listener; a Host header with odd characters is not echoed. */
    private static String host(HttpServletRequest request) {
        String host = request.getServerName();
        return host != null && host.matches("[A-Za-z0-9.-]{1,253}") ? host : "localhost";
    }
}
