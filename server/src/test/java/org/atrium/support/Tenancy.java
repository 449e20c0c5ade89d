package org.atrium.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Fixtures over the API: plans with given limits and tenants on them, under fresh names. */
public final class Tenancy {

    private final Api api;

    public Tenancy(Api api) {
        this.api = api;
    }

    public static String fresh(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A plan with the given limits and features; returns its slug. */
    public String planWith(Map<String, Long> limits, Map<String, Boolean> features) {
        String slug = fresh("plan");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("slug", slug);
        body.put("name", "Plan " + slug);
        body.put("currency", "USD");
        body.put("prices", Map.of("monthly", "10.00"));
        body.put("limits", limits);
        body.put("features", features);
        Api.Response created = api.post("/api/v1/plans", body);
        if (created.status() != 201) {
            throw new IllegalStateException("Cannot create plan: " + created);
        }
        return slug;
    }

    /** A tenant on a plan, in a time zone; returns its slug. */
    public String tenantOn(String plan, String timezone) {
        String slug = fresh("t");
        Api.Response created = api.post("/api/v1/tenants", Map.of("slug", slug, "name", "Tenant " + slug, "plan", plan,
                "regional", Map.of("timezone", timezone)));
        if (created.status() != 201) {
            throw new IllegalStateException("Cannot create tenant: " + created);
        }
        return slug;
    }

    public String tenantOn(String plan) {
        return tenantOn(plan, "UTC");
    }
}
