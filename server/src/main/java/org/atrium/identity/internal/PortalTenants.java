package org.atrium.identity.internal;

import java.util.Locale;
import java.util.Optional;

import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Which tenant's portal a request is for: {@code /t/<slug>/portal/…} on any host, or {@code /portal/…} on the
 * tenant's subdomain of the configured portal domain ({@code <slug>.<atrium.portal.domain>}). Custom domains are
 * resolved here once branding verifies them.
 */
@Component
class PortalTenants {

    static final String ATTRIBUTE = "atrium.portal.tenant";

    private final Tenants tenants;
    private final String domain;

    PortalTenants(Tenants tenants, @Value("${atrium.portal.domain:}") String domain) {
        this.tenants = tenants;
        this.domain = domain.toLowerCase(Locale.ROOT);
    }

    Optional<Tenant> resolve(HttpServletRequest request) {
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        if (uri.startsWith("/t/")) {
            int end = uri.indexOf('/', 3);
            String slug = end < 0 ? uri.substring(3) : uri.substring(3, end);
            return tenants.findBySlug(slug);
        }
        String host = request.getServerName() == null ? "" : request.getServerName().toLowerCase(Locale.ROOT);
        if (!domain.isBlank() && host.endsWith("." + domain)) {
            String slug = host.substring(0, host.length() - domain.length() - 1);
            if (!slug.contains(".")) {
                return tenants.findBySlug(slug);
            }
        }
        return Optional.empty();
    }

    /** The portal's base path for a tenant on this request: {@code /t/<slug>/portal} or {@code /portal}. */
    static String base(HttpServletRequest request, Tenant tenant) {
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        return uri.startsWith("/t/") ? "/t/" + tenant.slug() + "/portal" : "/portal";
    }
}
