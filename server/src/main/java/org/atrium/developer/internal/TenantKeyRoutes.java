package org.atrium.developer.internal;

import java.util.List;
import java.util.Optional;

import org.atrium.platform.Permissions;
import org.jspecify.annotations.Nullable;

/**
 * The routes a tenant API key may call, each with the scope it needs and the platform permission its handler checks
 * (granted for that one request, on the key's own tenant). Routes of the developer module itself name their scope in
 * their own permission check, and grant nothing.
 */
final class TenantKeyRoutes {

    record Route(String method, String pattern, String scope, @Nullable String grants) {
    }

    private static final String T = "/api/v1/tenants/{slug}";
    private static final String W = T + "/webhook-endpoints";
    private static final String READ = Permissions.TENANTS_READ;

    static final List<Route> ROUTES = List.of(
            new Route("GET", T, "tenant:read", READ),
            new Route("GET", T + "/subscription", "subscription:read", READ),
            new Route("GET", T + "/subscription/preview-change", "subscription:read", READ),
            new Route("GET", T + "/subscription/history", "subscription:read", READ),
            new Route("POST", T + "/subscription/cancel", "subscription:write", Permissions.SUBSCRIPTIONS_MANAGE),
            new Route("POST", T + "/subscription/reactivate", "subscription:write", Permissions.SUBSCRIPTIONS_MANAGE),
            new Route("POST", T + "/subscription/auto-renew", "subscription:write", Permissions.SUBSCRIPTIONS_MANAGE),
            new Route("GET", T + "/invoices", "invoices:read", READ),
            new Route("GET", "/api/v1/invoices/{number:[A-Z0-9-]+}", "invoices:read", READ),
            new Route("GET", "/api/v1/invoices/{number:[A-Z0-9-]+}.pdf", "invoices:read", READ),
            new Route("GET", T + "/wallet", "wallet:read", READ),
            new Route("GET", T + "/wallet/transactions", "wallet:read", READ),
            new Route("GET", T + "/entitlements", "entitlements:read", Permissions.ENTITLEMENTS_READ),
            new Route("GET", T + "/overrides", "entitlements:read", Permissions.ENTITLEMENTS_READ),
            new Route("POST", "/api/v1/entitlements/check", "entitlements:read", Permissions.ENTITLEMENTS_READ),
            new Route("POST", "/api/v1/usage", "usage:write", Permissions.USAGE_WRITE),
            new Route("GET", T + "/usage", "usage:read", READ),
            new Route("GET", T + "/usage/{metric}/periods", "usage:read", READ),
            new Route("GET", T + "/api-keys", "api-keys:read", null),
            new Route("GET", T + "/api-usage", "api-keys:read", null),
            new Route("GET", T + "/api-usage/daily", "api-keys:read", null),
            new Route("POST", T + "/api-keys", "api-keys:write", null),
            new Route("POST", T + "/api-keys/{id}/rotate", "api-keys:write", null),
            new Route("POST", T + "/api-keys/{id}/revoke", "api-keys:write", null),
            new Route("GET", "/api/v1/webhook-event-types", "webhooks:read", null),
            new Route("GET", W, "webhooks:read", null),
            new Route("POST", W, "webhooks:write", null),
            new Route("GET", W + "/{id}", "webhooks:read", null),
            new Route("PATCH", W + "/{id}", "webhooks:write", null),
            new Route("DELETE", W + "/{id}", "webhooks:write", null),
            new Route("POST", W + "/{id}/rotate-secret", "webhooks:write", null),
            new Route("GET", W + "/{id}/attempts", "webhooks:read", null),
            new Route("POST", W + "/{id}/replay", "webhooks:write", null),
            new Route("POST", W + "/{id}/test", "webhooks:write", null));

    private TenantKeyRoutes() {
    }

    static Optional<Route> find(String method, String pattern) {
        for (Route route : ROUTES) {
            if (route.method().equals(method) && route.pattern().equals(pattern)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }
}
