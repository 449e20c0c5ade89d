package org.atrium.developer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.support.Fixtures.invalid;
import static org.atrium.support.Fixtures.problem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.atrium.platform.AdjustableClock;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/** Every call made with a tenant key lands in the usage log, which its tenant can page and filter. */
@AtriumIntegrationTest
class ApiUsageIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiUsage usage;

    @Autowired
    AdjustableClock clock;

    Api root;
    Tenancy fixtures;
    String plan;

    @BeforeEach
    void setUp() {
        root = Api.asRoot(port);
        fixtures = new Tenancy(root);
        plan = fixtures.planWith(Map.of("api_calls_daily", 100_000L), Map.of());
    }

    private JsonNode issue(String slug, String... scopes) {
        Api.Response issued = root.post("/api/v1/tenants/" + slug + "/api-keys",
                Map.of("name", "backend", "scopes", List.of(scopes)));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        return issued.json();
    }

    private static Api as(int port, JsonNode key) {
        return Api.anonymous(port).withBearer(key.get("key").asString());
    }

    private JsonNode calls(String slug, String query) {
        Api.Response r = root.get("/api/v1/tenants/" + slug + "/api-usage" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private static List<String> field(JsonNode page, String name) {
        List<String> values = new ArrayList<>();
        page.get("items").forEach(item -> values.add(item.get(name).asText()));
        return values;
    }

    @Test
    void everyCallOfAKeyIsLoggedWithItsRouteTemplateStatusAndDuration() {
        String slug = fixtures.tenantOn(plan);
        String other = fixtures.tenantOn(plan);
        JsonNode key = issue(slug, "wallet:read");
        Api api = as(port, key);
        assertThat(api.get("/api/v1/tenants/" + slug + "/wallet").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/tenants/" + slug + "/invoices").status()).isEqualTo(403);
        assertThat(api.get("/api/v1/tenants/" + other + "/wallet").status()).isEqualTo(404);
        // Staff calls are not a tenant key's.
        assertThat(root.get("/api/v1/tenants/" + slug + "/wallet").status()).isEqualTo(200);
        usage.flush();

        JsonNode page = calls(slug, "");
        assertThat(page.get("totalItems").asInt()).isEqualTo(3);
        // Newest first.
        assertThat(field(page, "status")).containsExactly("404", "403", "200");
        assertThat(field(page, "route")).containsExactly("/api/v1/tenants/{slug}/wallet",
                "/api/v1/tenants/{slug}/invoices", "/api/v1/tenants/{slug}/wallet");
        assertThat(field(page, "keyId")).containsOnly(key.get("id").asString());
        assertThat(field(page, "method")).containsOnly("GET");
        assertThat(field(page, "address")).containsOnly("127.0.0.1");
        page.get("items").forEach(item -> assertThat(item.get("durationMicros").asLong()).isPositive());
        // Nothing of it is the other tenant's.
        assertThat(calls(other, "").get("totalItems").asInt()).isZero();

        assertThat(field(calls(slug, "?status=4"), "status")).containsExactly("404", "403");
        assertThat(field(calls(slug, "?status=200"), "status")).containsExactly("200");
        assertThat(calls(slug, "?route=/api/v1/tenants/%7Bslug%7D/invoices").get("totalItems").asInt()).isEqualTo(1);
        JsonNode second = calls(slug, "?size=1&page=1");
        assertThat(second.get("totalItems").asInt()).isEqualTo(3);
        assertThat(field(second, "status")).containsExactly("403");
        String otherKey = issue(slug, "wallet:read").get("id").asString();
        assertThat(calls(slug, "?keyId=" + otherKey).get("totalItems").asInt()).isZero();
        assertThat(calls(slug, "?from=" + clock.instant().plusSeconds(1)).get("totalItems").asInt()).isZero();

        JsonNode daily = root.get("/api/v1/tenants/" + slug + "/api-usage/daily").json();
        Map<String, Integer> byStatus = new java.util.TreeMap<>();
        daily.get("items").forEach(d -> byStatus.merge(d.get("status").asText(), d.get("calls").asInt(),
                Integer::sum));
        assertThat(byStatus).isEqualTo(Map.of("200", 1, "403", 1, "404", 1));
    }

    @Test
    void aKeyWithApiKeysReadSeesItsTenantsLogAndNoOtherOne() {
        String slug = fixtures.tenantOn(plan);
        String other = fixtures.tenantOn(plan);
        Api api = as(port, issue(slug, "api-keys:read"));
        assertThat(api.get("/api/v1/tenants/" + slug + "/api-keys").status()).isEqualTo(200);
        usage.flush();
        Api.Response own = api.get("/api/v1/tenants/" + slug + "/api-usage");
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(own.json().get("totalItems").asInt()).isEqualTo(1);
        problem(api.get("/api/v1/tenants/" + other + "/api-usage"), 404, "not-found");
        JsonNode withoutScope = problem(as(port, issue(slug, "wallet:read")).get("/api/v1/tenants/" + slug
                + "/api-usage"), 403, "forbidden");
        assertThat(withoutScope.get("permission").asString()).isEqualTo("api-keys:read");
    }

    @Test
    void badFiltersAre400() {
        String slug = fixtures.tenantOn(plan);
        String base = "/api/v1/tenants/" + slug + "/api-usage";
        invalid(root.get(base + "?status=700"), "status");
        invalid(root.get(base + "?keyId=not-a-key"), "keyId");
        invalid(root.get(base + "?method=FETCH"), "method");
        invalid(root.get(base + "?from=yesterday"), "from");
        invalid(root.get(base + "?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z"), "to");
        invalid(root.get(base + "/daily?from=2026-01-01&to=2027-06-01"), "to");
        problem(root.get("/api/v1/tenants/no-such-tenant/api-usage"), 404, "not-found");
    }

    @Test
    void callsOlderThanTheRetentionAreDeletedAndNewerOnesKept() {
        String slug = fixtures.tenantOn(plan);
        Api api = as(port, issue(slug, "wallet:read"));
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/api/v1/tenants/" + slug + "/wallet").status()).isEqualTo(200);
        }
        usage.flush();
        // The tests' retention is the default, 30 days.
        clock.advance(Duration.ofDays(31));
        assertThat(api.get("/api/v1/tenants/" + slug + "/wallet").status()).isEqualTo(200);
        usage.flush();
        assertThat(calls(slug, "").get("totalItems").asInt()).isEqualTo(4);
        assertThat(usage.prune()).isGreaterThanOrEqualTo(3);
        JsonNode left = calls(slug, "");
        assertThat(left.get("totalItems").asInt()).isEqualTo(1);
        assertThat(left.get("items").get(0).get("at").asString()).startsWith(
                clock.instant().toString().substring(0, 10));
        // The daily roll-ups outlive the calls.
        JsonNode daily = root.get("/api/v1/tenants/" + slug + "/api-usage/daily?from="
                + clock.instant().minus(Duration.ofDays(40)).toString().substring(0, 10)).json();
        assertThat(daily.get("items").size()).isEqualTo(2);
    }
}
