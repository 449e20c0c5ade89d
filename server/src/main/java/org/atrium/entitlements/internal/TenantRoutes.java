package org.atrium.entitlements.internal;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Which requests are tenant-facing, and which tenant they concern:
 * <ul>
 * <li>{@code /api/v1/portal/{slug}/**}: the tenant-scoped prefix (the tenant portal's API);</li>
 * <li>{@code /api/v1/public/**} when the request names a tenant in the {@code X-Atrium-Tenant} header or the
 * {@code tenant} query parameter.</li>
 * </ul>
 * A suspended tenant keeps only the billing, recharge, pricing and logout routes.
 */
final class TenantRoutes {

    static final String PORTAL = "/api/v1/portal/";
    static final String PUBLIC = "/api/v1/public/";
    static final String TENANT_HEADER = "X-Atrium-Tenant";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> OPEN_WHILE_SUSPENDED = Set.of("billing", "invoices", "wallet", "recharge",
            "pricing", "plans", "logout");

    private TenantRoutes() {
    }

    /** The slug of the tenant a tenant-facing request concerns, or null for any other request. */
    static @Nullable String tenantOf(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (path.startsWith(PORTAL)) {
            int end = path.indexOf('/', PORTAL.length());
            String slug = end < 0 ? path.substring(PORTAL.length()) : path.substring(PORTAL.length(), end);
            return slug.isEmpty() ? null : slug;
        }
        if (path.startsWith(PUBLIC)) {
            String named = request.getHeader(TENANT_HEADER);
            if (named == null || named.isBlank()) {
                named = request.getParameter("tenant");
            }
            return named == null || named.isBlank() ? null : named.trim();
        }
        return null;
    }

    static boolean isWrite(HttpServletRequest request) {
        return WRITES.contains(request.getMethod());
    }

    /** Whether a suspended tenant may still use this route (to pay, recharge, compare plans or log out). */
    static boolean openWhileSuspended(HttpServletRequest request, String slug) {
        String path = request.getRequestURI();
        String rest;
        if (path.startsWith(PORTAL)) {
            rest = path.substring(Math.min(path.length(), PORTAL.length() + slug.length() + 1));
        } else {
            rest = path.substring(PUBLIC.length());
        }
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        return OPEN_WHILE_SUSPENDED.contains(first);
    }
}
