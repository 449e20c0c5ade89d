package org.atrium.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.support.Fixtures.invalid;
import static org.atrium.support.Fixtures.problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

@AtriumIntegrationTest
class CatalogIntegrationTests {

    private static final long UNLIMITED = -1;

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void setUp() {
        api = Api.asRoot(port);
    }

    @Test
    void seedsTheFiveDefaultPlansWithTheirPricesLimitsAndFlags() {
        assertSeeded("free", "0.00", limits(50, 2, 1, 1, 100), false, false, false);
        assertSeeded("starter", "29.00", limits(500, 5, 2, 5, 1_000), false, false, false);
        assertSeeded("growth", "79.00", limits(2_000, 15, 5, 20, 5_000), true, false, false);
        assertSeeded("pro", "199.00", limits(10_000, 50, 20, 50, 25_000), true, true, true);
        assertSeeded("enterprise", "499.00", limits(UNLIMITED, UNLIMITED, UNLIMITED, 200, 100_000), true, true, true);

        List<String> listed = new ArrayList<>();
        api.get("/api/v1/public/plans?size=500").json().get("items").forEach(p -> listed.add(p.get("slug").asString()));
        assertThat(listed).containsSubsequence("free", "starter", "growth", "pro", "enterprise");
    }

    @Test
    void createsAPlanWithPricesPerCycleLimitsAndFlags() {
        String slug = Fixtures.slug("lender");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("slug", slug);
        request.put("name", "Lender");
        request.put("description", "For lenders");
        request.put("currency", "EUR");
        request.put("prices", Map.of("monthly", "49.00", "quarterly", 140, "annual", "490"));
        request.put("limits", Map.of("max_borrowers", 1_000, "max_loans_per_month", UNLIMITED, "max_users", 10));
        request.put("features", Map.of("api_access", true, "custom_branding", false));
        request.put("supportLevel", "priority");
        request.put("trialDays", 30);
        request.put("recommended", true);
        request.put("sortOrder", 35);

        Api.Response created = api.post("/api/v1/plans", request);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode plan = api.get("/api/v1/plans/" + slug).json();
        assertThat(plan.get("currency").asString()).isEqualTo("EUR");
        assertThat(strings(plan.get("prices")))
                .isEqualTo(Map.of("monthly", "49.00", "quarterly", "140.00", "annual", "490.00"));
        assertThat(longs(plan.get("limits")))
                .isEqualTo(Map.of("max_borrowers", 1_000L, "max_loans_per_month", UNLIMITED, "max_users", 10L));
        assertThat(plan.get("features").get("api_access").asBoolean()).isTrue();
        assertThat(plan.get("supportLevel").asString()).isEqualTo("priority");
        assertThat(plan.get("trialDays").asInt()).isEqualTo(30);
        assertThat(plan.get("active").asBoolean()).isTrue();
        assertThat(plan.get("recommended").asBoolean()).isTrue();
        assertThat(plan.get("sortOrder").asInt()).isEqualTo(35);
        assertThat(api.get("/api/v1/audit-events?type=plan.created&size=500").body()).contains(slug);

        problem(api.post("/api/v1/plans", request), 409, "duplicate");
        invalid(api.post("/api/v1/plans", Map.of("slug", Fixtures.slug("cents"), "name", "Cents", "currency", "USD",
                "prices", Map.of("monthly", "9.999"))), "prices.monthly");
        invalid(api.post("/api/v1/plans", Map.of("slug", Fixtures.slug("neg"), "name", "Negative", "currency", "USD",
                "prices", Map.of("monthly", "-1.00"))), "prices.monthly");
        invalid(api.post("/api/v1/plans", Map.of("slug", Fixtures.slug("weekly"), "name", "Weekly", "currency", "USD",
                "prices", Map.of("weekly", "1.00"))), "prices.weekly");
        invalid(api.post("/api/v1/plans", Map.of("slug", "api", "name", "Reserved", "currency", "USD", "prices",
                Map.of("monthly", "1.00"))), "slug");
    }

    @Test
    void usesANewlyDefinedMetricAsALimitAndRefusesUnknownOnes() {
        String metric = "max_vehicles_" + Fixtures.token();
        Api.Response defined = api.post("/api/v1/metrics",
                Map.of("key", metric, "kind", "level", "description", "Vehicles in the fleet", "unit", "vehicles"));
        assertThat(defined.status()).as(defined.toString()).isEqualTo(201);
        List<String> keys = new ArrayList<>();
        api.get("/api/v1/metrics?size=500").json().get("items").forEach(m -> keys.add(m.get("key").asString()));
        assertThat(keys).contains(metric, "max_borrowers", "max_loans_per_month", "max_shipments", "api_calls_daily");
        problem(api.post("/api/v1/metrics", Map.of("key", metric, "kind", "level", "description", "Again")), 409,
                "duplicate");
        invalid(api.post("/api/v1/metrics", Map.of("key", "Bad Key", "kind", "level", "description", "x")), "key");
        invalid(api.post("/api/v1/metrics", Map.of("key", "max_x_" + Fixtures.token(), "kind", "hourly",
                "description", "x")), "kind");

        Map<String, Object> request = Fixtures.planRequest(Fixtures.slug("fleet"), "15.00");
        request.put("limits", Map.of(metric, 25, "max_borrowers", 500));
        Api.Response created = api.post("/api/v1/plans", request);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(longs(created.json().get("limits"))).isEqualTo(Map.of(metric, 25L, "max_borrowers", 500L));

        String unknown = "max_spaceships_" + Fixtures.token();
        Map<String, Object> bad = Fixtures.planRequest(Fixtures.slug("space"), "15.00");
        bad.put("limits", Map.of(unknown, 1));
        invalid(api.post("/api/v1/plans", bad), "limits." + unknown);
        JsonNode existing = Fixtures.plan(api);
        invalid(api.patch("/api/v1/plans/" + existing.get("slug").asString(), Map.of("limits", Map.of(unknown, 1))),
                "limits." + unknown);
        invalid(api.patch("/api/v1/plans/" + existing.get("slug").asString(), Map.of("limits", Map.of(metric, -2))),
                "limits." + metric);
    }

    @Test
    void auditsAPlanChangeWithItsStateBeforeAndAfter() {
        JsonNode plan = Fixtures.plan(api);
        String slug = plan.get("slug").asString();

        Api.Response patched = api.patch("/api/v1/plans/" + slug, Map.of("name", "Renamed", "limits",
                Map.of("max_borrowers", 250), "prices", Map.of("annual", "100.00"), "features",
                Map.of("priority_support", true)));

        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        JsonNode after = patched.json();
        assertThat(after.get("name").asString()).isEqualTo("Renamed");
        assertThat(longs(after.get("limits"))).isEqualTo(Map.of("max_users", 3L, "max_borrowers", 250L));
        assertThat(strings(after.get("prices"))).isEqualTo(Map.of("monthly", "10.00", "annual", "100.00"));
        assertThat(after.get("features").get("priority_support").asBoolean()).isTrue();
        assertThat(after.get("version").asInt()).isEqualTo(plan.get("version").asInt() + 1);

        JsonNode event = null;
        for (JsonNode e : api.get("/api/v1/audit-events?type=plan.updated&size=500").json().get("items")) {
            if (slug.equals(e.get("target").asString())) {
                event = e;
            }
        }
        assertThat(event).as("plan.updated event for " + slug).isNotNull();
        assertThat(event.get("actorType").asString()).isEqualTo("api_key");
        assertThat(event.get("before").get("name").asString()).isEqualTo(plan.get("name").asString());
        assertThat(event.get("after").get("name").asString()).isEqualTo("Renamed");
        assertThat(event.get("before").get("limits").has("max_borrowers")).isFalse();
        assertThat(event.get("after").get("limits").get("max_borrowers").asLong()).isEqualTo(250);
    }

    @Test
    void keepsSlugAndCurrencyImmutableAndRefusesStaleEdits() {
        JsonNode plan = Fixtures.plan(api);
        String slug = plan.get("slug").asString();

        invalid(api.patch("/api/v1/plans/" + slug, Map.of("slug", Fixtures.slug("other"))), "slug");
        invalid(api.patch("/api/v1/plans/" + slug, Map.of("currency", "EUR")), "currency");
        invalid(api.patch("/api/v1/plans/" + slug, Map.of("name", "")), "name");
        String stale = "\"" + plan.get("version").asInt() + "\"";
        assertThat(api.patch("/api/v1/plans/" + slug, Map.of("description", "Fresh")).status()).isEqualTo(200);
        problem(api.with("If-Match", stale).patch("/api/v1/plans/" + slug, Map.of("description", "Stale")), 412,
                "stale-version");
        problem(api.patch("/api/v1/plans/" + Fixtures.slug("missing"), Map.of("name", "x")), 404, "not-found");

        JsonNode unchanged = api.get("/api/v1/plans/" + slug).json();
        assertThat(unchanged.get("slug").asString()).isEqualTo(slug);
        assertThat(unchanged.get("currency").asString()).isEqualTo("USD");
        assertThat(unchanged.get("description").asString()).isEqualTo("Fresh");
    }

    @Test
    void aDeactivatedPlanIsRefusedToNewTenantsButStaysWithExistingOnes() {
        JsonNode plan = Fixtures.plan(api);
        String slug = plan.get("slug").asString();
        JsonNode existing = Fixtures.tenantOn(api, slug);

        Api.Response deactivated = api.post("/api/v1/plans/" + slug + "/deactivate");

        assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);
        assertThat(deactivated.json().get("active").asBoolean()).isFalse();
        String newcomer = Fixtures.slug("newcomer");
        invalid(api.post("/api/v1/tenants", Fixtures.tenantRequest(newcomer, "Newcomer", slug)), "plan");
        invalid(Api.anonymous(port).post("/api/v1/public/signup",
                Map.of("slug", newcomer, "name", "Newcomer", "plan", slug, "email", "n@example.test")), "plan");
        JsonNode kept = api.get("/api/v1/tenants/" + existing.get("slug").asString()).json();
        assertThat(kept.get("plan").asString()).isEqualTo(slug);
        assertThat(api.get("/api/v1/tenants?plan=" + slug).json().get("totalItems").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/public/plans?size=500").body()).doesNotContain("\"" + slug + "\"");
        assertThat(api.get("/api/v1/plans?active=false&size=500").body()).contains("\"" + slug + "\"");
        assertThat(api.get("/api/v1/audit-events?type=plan.deactivated&size=500").body()).contains(slug);

        Api.Response activated = api.post("/api/v1/plans/" + slug + "/activate");

        assertThat(activated.status()).as(activated.toString()).isEqualTo(200);
        assertThat(activated.json().get("active").asBoolean()).isTrue();
        assertThat(api.post("/api/v1/tenants", Fixtures.tenantRequest(newcomer, "Newcomer", slug)).status())
                .isEqualTo(201);
        problem(api.post("/api/v1/plans/" + Fixtures.slug("missing") + "/deactivate"), 404, "not-found");
    }

    private void assertSeeded(String slug, String monthly, Map<String, Long> limits, boolean apiAccess,
            boolean customBranding, boolean prioritySupport) {
        Api.Response response = api.get("/api/v1/plans/" + slug);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode plan = response.json();
        assertThat(plan.get("active").asBoolean()).as(slug).isTrue();
        assertThat(plan.get("currency").asString()).as(slug).isEqualTo("USD");
        assertThat(plan.get("prices").get("monthly").asString()).as(slug).isEqualTo(monthly);
        assertThat(longs(plan.get("limits"))).as(slug).isEqualTo(limits);
        assertThat(plan.get("features").get("api_access").asBoolean()).as(slug + " api_access").isEqualTo(apiAccess);
        assertThat(plan.get("features").get("custom_branding").asBoolean()).as(slug + " custom_branding")
                .isEqualTo(customBranding);
        assertThat(plan.get("features").get("priority_support").asBoolean()).as(slug + " priority_support")
                .isEqualTo(prioritySupport);
    }

    private static Map<String, Long> limits(long shipments, long users, long branches, long storageGb,
            long apiCallsDaily) {
        return Map.of("max_shipments", shipments, "max_users", users, "max_branches", branches, "storage_gb", storageGb,
                "api_calls_daily", apiCallsDaily);
    }

    private static Map<String, Long> longs(JsonNode object) {
        Map<String, Long> map = new LinkedHashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asLong()));
        return map;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asString()));
        return map;
    }
}
