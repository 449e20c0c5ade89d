package org.atrium.branding.web;

import java.util.Map;

import org.atrium.platform.Actor;
import org.atrium.platform.ProblemException;
import org.atrium.tenancy.Tenant;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The portal's tenant and signed-in user as the portal's security chain left them: the tenant resolved from the
 * host or path (request attribute {@code atrium.portal.tenant}), the session's principal with its portal
 * permissions as authorities. The chain has already refused a session of another tenant. Branding does not depend
 * on identity (identity's portal resolution asks branding for custom domains), so it reads these two platform-level
 * facts rather than identity's types.
 */
final class PortalAccess {

    static final String TENANT_ATTRIBUTE = "atrium.portal.tenant";
    /** Granted to tenant admins only (identity's {@code TenantRole.TenantPermissions.SETTINGS_MANAGE}). */
    static final String SETTINGS_MANAGE = "portal.settings.manage";

    record Place(String base, String title) {
    }

    /** What the portal layout shows while staff act as a tenant user. */
    record Watermark(String staffEmail, String userEmail, String expiresAt, String reason) {
    }

    private PortalAccess() {
    }

    static Tenant tenant(HttpServletRequest request) {
        Object tenant = request.getAttribute(TENANT_ATTRIBUTE);
        if (!(tenant instanceof Tenant t)) {
            throw ProblemException.notFound("Portal", request.getRequestURI());
        }
        return t;
    }

    /** The tenant of a request by one of its admins; 403 for any other signed-in user. */
    static Tenant admin(HttpServletRequest request) {
        Tenant tenant = tenant(request);
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof Actor.Principal)) {
            throw new org.springframework.security.access.AccessDeniedException("Not signed in");
        }
        boolean allowed = auth.getAuthorities().stream().anyMatch(a -> SETTINGS_MANAGE.equals(a.getAuthority()));
        if (!allowed) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden",
                    "Only the tenant's admins manage its brand, domains and templates",
                    Map.of("permission", SETTINGS_MANAGE));
        }
        return tenant;
    }

    static String base(HttpServletRequest request, Tenant tenant) {
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        return uri.startsWith("/t/") ? "/t/" + tenant.slug() + "/portal" : "/portal";
    }

    /** The layout's model: the place, and the watermark while impersonating (unless the shell already set them). */
    static Place decorate(HttpServletRequest request, Tenant tenant, Model model, String title) {
        Place place = new Place(base(request, tenant), tenant.name());
        if (!model.containsAttribute("place")) {
            model.addAttribute("place", place);
        }
        if (!model.containsAttribute("impersonation")) {
            model.addAttribute("impersonation", watermark());
        }
        model.addAttribute("pageTitle", title);
        return place;
    }

    private static @Nullable Watermark watermark() {
        return Actor.currentOnBehalfOf().map(user -> {
            String staff = Actor.current().display();
            int as = staff.indexOf(" as ");
            return new Watermark(as < 0 ? staff : staff.substring(0, as), user.display(), "the end of the session",
                    "impersonation");
        }).orElse(null);
    }
}
