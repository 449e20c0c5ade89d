package org.atrium.portal.web;

import java.util.Map;

import org.atrium.identity.PortalUser;
import org.atrium.platform.PageRequest;
import org.atrium.platform.ProblemException;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.TenantHosts;
import org.atrium.tenancy.TenantStatus;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What every portal page asks of its request: the tenant the security chain resolved, the portal's base path, the
 * signed-in user and their permission, and whether the tenant may write.
 */
final class Portal {

    private Portal() {
    }

    static Tenant tenant(HttpServletRequest request) {
        Object tenant = request.getAttribute(TenantHosts.REQUEST_ATTRIBUTE);
        if (!(tenant instanceof Tenant t)) {
            throw new AccessDeniedException("Not a portal request");
        }
        return t;
    }

    static String base(HttpServletRequest request) {
        return TenantHosts.portalBase(request.getRequestURI().substring(request.getContextPath().length()),
                tenant(request));
    }

    /** A page of a list, newest first by {@code column} (50 a page; a negative page is the first). */
    static PageRequest newest(@Nullable Integer page, String column) {
        return new PageRequest(page == null ? 0 : Math.max(0, page), PageRequest.DEFAULT_SIZE, column, true);
    }

    static PortalUser user() {
        return PortalUser.current().orElseThrow(() -> new AccessDeniedException("Not signed in"));
    }

    /** The signed-in user, or 403 naming the permission their role lacks. */
    static PortalUser require(String permission) {
        PortalUser me = user();
        if (!me.may(permission)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden",
                    "Your role %s does not grant %s".formatted(me.role().code(), permission),
                    Map.of("permission", permission));
        }
        return me;
    }

    /**
     * Why the tenant may not change data now, in words for the page beside a disabled control; null when it may.
     * Paying (invoices, recharges) is always open: it is how a tenant restores access.
     */
    static @Nullable String writeBlocked(Tenant tenant) {
        if (tenant.suspension() != null) {
            return "Your account is suspended by the platform (" + tenant.suspension().reason()
                    + "): changes are blocked until the platform lifts the suspension.";
        }
        return switch (tenant.status()) {
            case READ_ONLY -> "Your subscription is read-only because an invoice is unpaid: changes are blocked "
                    + "until it is paid. Add funds to your wallet and it is paid at once.";
            case SUSPENDED -> "Your account is suspended for non-payment: changes are blocked until the open invoice "
                    + "is paid. Add funds to your wallet and it is paid at once.";
            case CANCELLED, EXPIRED -> "Your subscription has ended: changes are blocked until you subscribe again.";
            default -> null;
        };
    }

    /** Refuses a change (403) while {@link #writeBlocked} gives a reason: the server's word, whatever the page showed. */
    static void requireWrite(Tenant tenant) {
        String reason = writeBlocked(tenant);
        if (reason != null) {
            TenantStatus status = tenant.effectiveStatus();
            throw new ProblemException(HttpStatus.FORBIDDEN,
                    status == TenantStatus.SUSPENDED ? "tenant-suspended" : "subscription-read-only", reason,
                    Map.of("status", status.code()));
        }
    }
}
