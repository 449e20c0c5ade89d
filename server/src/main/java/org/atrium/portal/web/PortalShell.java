package org.atrium.portal.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.atrium.identity.ImpersonationContext;
import org.atrium.identity.PortalUser;
import org.atrium.identity.TenantRole.TenantPermissions;
import org.atrium.notifications.Notifications;
import org.atrium.platform.PageRequest;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.TenantHosts;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The portal's shell for every page behind its security chain, whichever module's controller draws the page: the
 * tenant's name, the navigation (with the unread notifications), the impersonation watermark and why writes are
 * blocked. {@code layout/portal.html} reads it as {@code shell}; outside the portal it is absent.
 */
@ControllerAdvice
class PortalShell {

    /** One entry of the navigation; {@code count} is shown beside it when set. */
    record NavItem(String label, String href, boolean current, @Nullable Long count) {
    }

    /** The fixed banner while staff act as a tenant user. */
    record Watermark(String staffEmail, String userEmail, String reason, long minutesLeft, Instant expiresAt) {
    }

    record Shell(String tenantName, String base, String userEmail, String role, boolean admin, List<NavItem> nav,
            long unread, @Nullable Watermark watermark, @Nullable String writeBlocked) {
    }

    private final Notifications notifications;
    private final Clock clock;

    PortalShell(Notifications notifications, Clock clock) {
        this.notifications = notifications;
        this.clock = clock;
    }

    /** Adds {@code shell} only to portal pages, so that the HQ's shell advice is never shadowed by a null. */
    @ModelAttribute
    void addShell(HttpServletRequest request, org.springframework.ui.Model model) {
        Shell shell = shell(request);
        if (shell != null) {
            model.addAttribute("shell", shell);
        }
    }

    @Nullable Shell shell(HttpServletRequest request) {
        if (!(request.getAttribute(TenantHosts.REQUEST_ATTRIBUTE) instanceof Tenant tenant)) {
            return null;
        }
        PortalUser me = PortalUser.current().orElse(null);
        if (me == null) {
            return null;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String base = TenantHosts.portalBase(path, tenant);
        long unread = notifications.inApp(tenant.id(), true, new PageRequest(0, 1, "created_at", true)).totalItems();
        boolean admin = me.may(TenantPermissions.TEAM_MANAGE);
        List<NavItem> nav = new ArrayList<>();
        nav.add(item("Home", base, "", path, null));
        nav.add(item("Plan & usage", base, "/usage", path, null));
        nav.add(item("Wallet", base, "/wallet", path, null));
        nav.add(item("Invoices", base, "/invoices", path, null));
        nav.add(item("Notifications", base, "/notifications", path, unread));
        if (admin) {
            nav.add(item("Team", base, "/team", path, null));
            nav.add(item("Settings", base, "/settings", path, null));
            nav.add(item("Brand", base, "/brand", path, null));
            nav.add(item("Domains", base, "/domains", path, null));
            nav.add(item("Templates", base, "/templates", path, null));
        }
        nav.add(item("Security", base, "/security", path, null));
        return new Shell(tenant.name(), base, me.email(), me.role().code(), admin, List.copyOf(nav), unread,
                watermark(me.impersonation()), Portal.writeBlocked(tenant));
    }

    private @Nullable Watermark watermark(@Nullable ImpersonationContext impersonation) {
        if (impersonation == null) {
            return null;
        }
        Duration left = Duration.between(clock.instant(), impersonation.expiresAt());
        long minutes = Math.max(0, (left.toSeconds() + 59) / 60);
        return new Watermark(impersonation.staffEmail(), impersonation.userEmail(), impersonation.reason(), minutes,
                impersonation.expiresAt());
    }

    private static NavItem item(String label, String base, String suffix, String path, @Nullable Long count) {
        String href = base + suffix;
        boolean current = suffix.isEmpty() ? path.equals(base) || path.equals(base + "/")
                : path.equals(href) || path.startsWith(href + "/");
        return new NavItem(label, href, current, count);
    }
}
