package org.atrium.developer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.support.Fixtures.problem;

import java.util.List;
import java.util.Map;

import org.atrium.support.AfterCommit;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Tenancy;
import org.atrium.tenancy.TenantStatus;
import org.atrium.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Tenant keys are held to their tenant's status and request limits, as the tenant's portal is: read-only tenants
 * read, suspended ones are refused, and every call counts toward {@code api_calls_daily}.
 */
@AtriumIntegrationTest
class TenantKeyEnforcementIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    Api root;
    Tenancy fixtures;
    String plan;

    @BeforeEach
    void setUp() {
        root = Api.asRoot(port);
        fixtures = new Tenancy(root);
        plan = fixtures.planWith(Map.of("api_calls_daily", 1000L, "max_shipments", 100L), Map.of());
    }

    private Api key(String slug, String... scopes) {
        Api.Response issued = root.post("/api/v1/tenants/" + slug + "/api-keys",
                Map.of("name", "backend", "scopes", List.of(scopes)));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        return Api.anonymous(port).withBearer(issued.json().get("key").asString());
    }

    private Map<String, Object> usage(String slug, String reference) {
        return Map.of("tenant", slug, "metric", "max_shipments", "quantity", 1, "idempotencyKey", reference);
    }

    private long shipments(String slug) {
        for (var item : root.get("/api/v1/tenants/" + slug + "/usage").json().get("items")) {
            if (item.get("metric").asString().equals("max_shipments")) {
                return item.get("value").asLong();
            }
        }
        return 0;
    }

    @Test
    void aReadOnlyTenantsKeyReadsButCannotWriteAndRecordsNothing() {
        String slug = fixtures.tenantOn(plan);
        Api key = key(slug, "wallet:read", "usage:write", "entitlements:read");
        assertThat(key.post("/api/v1/usage", usage(slug, "s-1")).status()).isIn(200, 201);
        assertThat(shipments(slug)).isEqualTo(1);

        tenants.changeStatus(tenants.requireBySlug(slug).id(), TenantStatus.READ_ONLY, plan);
        assertThat(key.get("/api/v1/tenants/" + slug + "/wallet").status()).isEqualTo(200);
        // A check without consuming is a read, though it is a POST.
        Api.Response check = key.post("/api/v1/entitlements/check",
                Map.of("tenant", slug, "metric", "max_shipments", "quantity", 1));
        assertThat(check.status()).as(check.toString()).isEqualTo(200);
        var refused = problem(key.post("/api/v1/usage", usage(slug, "s-2")), 403, "subscription-read-only");
        assertThat(refused.get("tenantStatus").asString()).isEqualTo("read_only");
        assertThat(shipments(slug)).isEqualTo(1);
    }

    @Test
    void aSuspendedTenantsKeyIsRefusedEverywhere() {
        String slug = fixtures.tenantOn(plan);
        Api key = key(slug, "wallet:read", "invoices:read");
        assertThat(key.get("/api/v1/tenants/" + slug + "/wallet").status()).isEqualTo(200);
        assertThat(root.post("/api/v1/tenants/" + slug + "/suspend", Map.of("reason", "chargeback")).status())
                .isEqualTo(200);
        problem(key.get("/api/v1/tenants/" + slug + "/wallet"), 403, "tenant-suspended");
        problem(key.get("/api/v1/tenants/" + slug + "/invoices"), 403, "tenant-suspended");
        // Another tenant's path still answers as if it did not exist, suspended or not.
        problem(key.get("/api/v1/tenants/" + fixtures.tenantOn(plan) + "/wallet"), 404, "not-found");
    }

    @Test
    void everyCallCountsTowardTheDailyAllowanceWithRateLimitHeadersThen429() {
        String small = fixtures.planWith(Map.of("api_calls_daily", 3L), Map.of());
        String slug = fixtures.tenantOn(small);
        Api key = key(slug, "wallet:read");
        String wallet = "/api/v1/tenants/" + slug + "/wallet";
        for (int i = 0; i < 3; i++) {
            Api.Response ok = key.get(wallet);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("RateLimit-Limit")).isEqualTo("3");
            assertThat(ok.header("RateLimit-Remaining")).isEqualTo(String.valueOf(2 - i));
            assertThat(Long.parseLong(ok.header("RateLimit-Reset"))).isBetween(1L, 86_400L);
        }
        var limited = problem(key.get(wallet), 429, "rate-limited");
        assertThat(limited.get("limit").asLong()).isEqualTo(3);
        Api.Response again = key.get(wallet);
        assertThat(Long.parseLong(again.header("Retry-After"))).isBetween(1L, 86_400L);
        assertThat(again.header("RateLimit-Remaining")).isEqualTo("0");
        // The allowance is the tenant's, not the key's: a second key of the same tenant finds it used up.
        assertThat(key(slug, "wallet:read").get(wallet).status()).isEqualTo(429);
        // Staff are not held to it.
        assertThat(root.get(wallet).status()).isEqualTo(200);
    }

    @Test
    void aDeletedTenantsKeyIsRefusedWithoutWaitingForTheCache() {
        String slug = fixtures.tenantOn(plan);
        Api key = key(slug, "wallet:read");
        assertThat(key.get("/api/v1/tenants/" + slug + "/wallet").status()).isEqualTo(200);
        assertThat(root.delete("/api/v1/tenants/" + slug).status()).isIn(200, 204);
        // The clock does not move: the deletion's event clears the key cache.
        AfterCommit.await(() -> key.get("/api/v1/tenants/" + slug + "/wallet").status(), s -> s == 401);
    }

    @Test
    void aCallOnATenantFacingRouteCountsOnceNotOncePerRule() {
        String small = fixtures.planWith(Map.of("api_calls_daily", 4L), Map.of());
        String slug = fixtures.tenantOn(small);
        Api key = key(slug, "wallet:read").with("X-Atrium-Tenant", slug);
        Api.Response first = key.get("/api/v1/public/plans");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.header("RateLimit-Remaining")).isEqualTo("3");
        assertThat(key.get("/api/v1/public/plans").header("RateLimit-Remaining")).isEqualTo("2");
    }
}
