package org.atrium.entitlements;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

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
 * The enforcement filter on tenant-facing routes, exercised through {@code /api/v1/public/probe} (a route of the
 * test sources) with the tenant named in {@code X-Atrium-Tenant}.
 */
@AtriumIntegrationTest
class EntitlementEnforcementIntegrationTests {

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
        plan = fixtures.planWith(Map.of("api_calls_daily", 1000L), Map.of());
    }

    private Api as(String tenant) {
        return Api.anonymous(port).with("X-Atrium-Tenant", tenant);
    }

    private void status(String tenant, TenantStatus status) {
        tenants.changeStatus(tenants.requireBySlug(tenant).id(), status, plan);
    }

    @Test
    void activeTenantsReadAndWrite() {
        String tenant = fixtures.tenantOn(plan);
        assertThat(as(tenant).get("/api/v1/public/probe").status()).isEqualTo(200);
        assertThat(as(tenant).post("/api/v1/public/probe", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void readOnlyCancelledAndExpiredTenantsReadButCannotWrite() {
        for (TenantStatus s : new TenantStatus[] { TenantStatus.READ_ONLY, TenantStatus.CANCELLED,
                TenantStatus.EXPIRED }) {
            String tenant = fixtures.tenantOn(plan);
            status(tenant, s);
            assertThat(as(tenant).get("/api/v1/public/probe").status()).isEqualTo(200);
            Api.Response refused = as(tenant).post("/api/v1/public/probe", Map.of());
            assertThat(refused.status()).as(s + ": " + refused).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("type").asString()).isEqualTo("/problems/subscription-read-only");
            assertThat(refused.json().get("tenantStatus").asString()).isEqualTo(s.code());
        }
    }

    @Test
    void suspendedTenantsKeepOnlyBillingRechargePricingAndLogout() {
        String tenant = fixtures.tenantOn(plan);
        assertThat(root.post("/api/v1/tenants/" + tenant + "/suspend", Map.of("reason", "chargeback")).status())
                .isEqualTo(200);
        Api.Response read = as(tenant).get("/api/v1/public/probe");
        assertThat(read.status()).isEqualTo(403);
        assertThat(read.json().get("type").asString()).isEqualTo("/problems/tenant-suspended");
        assertThat(as(tenant).get("/api/v1/public/billing/probe").status()).isEqualTo(200);
        assertThat(as(tenant).get("/api/v1/public/plans").status()).isEqualTo(200);
    }

    @Test
    void theGracePeriodAllowsWritesWithAWarning() {
        String tenant = fixtures.tenantOn(plan);
        status(tenant, TenantStatus.GRACE_PERIOD);
        Api.Response write = as(tenant).post("/api/v1/public/probe", Map.of());
        assertThat(write.status()).isEqualTo(200);
        assertThat(write.header("Atrium-Warning")).isEqualTo("grace_period");
    }

    @Test
    void staffAndPlatformKeysAreNotHeldToTheTenantsStatus() {
        String tenant = fixtures.tenantOn(plan);
        status(tenant, TenantStatus.READ_ONLY);
        assertThat(root.with("X-Atrium-Tenant", tenant).post("/api/v1/public/probe", Map.of()).status())
                .isEqualTo(200);
    }

    @Test
    void requestsOverTheDailyAllowanceGet429WithRetryAfterAndRateLimitHeaders() {
        String small = fixtures.planWith(Map.of("api_calls_daily", 3L), Map.of());
        String tenant = fixtures.tenantOn(small);
        for (int i = 0; i < 3; i++) {
            Api.Response ok = as(tenant).get("/api/v1/public/probe");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("RateLimit-Limit")).isEqualTo("3");
            assertThat(ok.header("RateLimit-Remaining")).isEqualTo(String.valueOf(2 - i));
        }
        Api.Response limited = as(tenant).get("/api/v1/public/probe");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().get("type").asString()).isEqualTo("/problems/rate-limited");
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        long reset = Long.parseLong(limited.header("RateLimit-Reset"));
        // The daily allowance comes back at the tenant's next local midnight (UTC here): within a day.
        assertThat(retryAfter).isBetween(1L, 86_400L).isEqualTo(reset);
        assertThat(limited.header("RateLimit-Remaining")).isEqualTo("0");
        // Another tenant has its own allowance.
        assertThat(as(fixtures.tenantOn(small)).get("/api/v1/public/probe").status()).isEqualTo(200);
    }
}
