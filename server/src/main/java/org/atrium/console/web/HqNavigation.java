package org.atrium.console.web;

import java.util.List;
import java.util.Set;

import org.atrium.platform.Permissions;

/**
 * The HQ's sections, in the order the navigation shows them. A section is shown to a staff member whose role grants
 * any of its permissions (none listed: every staff member); each page checks its own permission again on the
 * server.
 */
final class HqNavigation {

    record Section(String label, String path, Set<String> anyOf) {

        boolean visibleWith(Set<String> granted) {
            return anyOf.isEmpty() || anyOf.stream().anyMatch(granted::contains);
        }

        /** Whether a request path lies in this section (the dashboard only for itself). */
        boolean contains(String requestPath) {
            return path.equals("/hq") ? requestPath.equals("/hq") || requestPath.equals("/hq/")
                    : requestPath.equals(path) || requestPath.startsWith(path + "/");
        }
    }

    static final List<Section> SECTIONS = List.of(
            new Section("Dashboard", "/hq", Set.of()),
            new Section("Tenants", "/hq/tenants", Set.of(Permissions.TENANTS_READ, Permissions.TENANTS_MANAGE)),
            new Section("Plans", "/hq/plans", Set.of(Permissions.PLANS_MANAGE, Permissions.TENANTS_READ)),
            new Section("Invoices", "/hq/invoices", Set.of(Permissions.INVOICES_MANAGE, Permissions.BILLING_ADMIN)),
            new Section("Payments", "/hq/payments", Set.of(Permissions.BILLING_ADMIN, Permissions.WALLETS_MANAGE)),
            new Section("Audit", "/hq/audit", Set.of(Permissions.AUDIT_READ)),
            new Section("Staff", "/hq/staff", Set.of(Permissions.STAFF_MANAGE)),
            new Section("Settings", "/hq/settings", Set.of(Permissions.SETTINGS_MANAGE)),
            new Section("Lifecycle", "/hq/lifecycle", Set.of(Permissions.SUBSCRIPTIONS_MANAGE,
                    Permissions.BILLING_ADMIN)));

    private HqNavigation() {
    }
}
