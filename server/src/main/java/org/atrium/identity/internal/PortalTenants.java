package org.atrium.identity.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.TenantHosts;
import org.springframework.stereotype.Component;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Which tenant's portal a request is for, as {@link TenantHosts} decides from host and path, and the one answer for
 * every request that names no live tenant (or a session of another tenant): a plain 404 page that says nothing about
 * why, the same bytes for an unknown, a deleted and an unverified host.
 */
@Component
class PortalTenants {

    static final String ATTRIBUTE = TenantHosts.REQUEST_ATTRIBUTE;

    private static final byte[] NOT_FOUND = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Not found</title><meta name="robots" content="noindex"></head>
            <body><h1>Not found</h1><p>There is nothing here.</p></body></html>
            """.getBytes(StandardCharsets.UTF_8);

    private final TenantHosts hosts;

    PortalTenants(TenantHosts hosts) {
        this.hosts = hosts;
    }

    Optional<Tenant> resolve(HttpServletRequest request) {
        return hosts.resolve(request.getServerName() == null ? "" : request.getServerName(), path(request));
    }

    /** The portal's base path for a tenant on this request: {@code /t/<slug>/portal} or {@code /portal}. */
    static String base(HttpServletRequest request, Tenant tenant) {
        return TenantHosts.portalBase(path(request), tenant);
    }

    static void notFound(HttpServletResponse response) throws IOException {
        response.resetBuffer();
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(NOT_FOUND.length);
        response.getOutputStream().write(NOT_FOUND);
        response.flushBuffer();
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
