package org.atrium.entitlements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Tenancy;
import org.atrium.tenancy.TenantStatus;
import org.atrium.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

@AtriumIntegrationTest
class EntitlementCheckIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    Entitlements entitlements;

    Api api;
    Tenancy fixtures;
    String plan;

    @BeforeEach
    void setUp() {
        api = Api.asRoot(port);
        fixtures = new Tenancy(api);
        plan = fixtures.planWith(Map.of("max_shipments", 50L, "max_users", 3L, "api_calls_daily", 1000L),
                Map.of("api_access", true, "custom_branding", false));
    }

    private JsonNode check(String tenant, String metric, long quantity, boolean consume) {
        Api.Response response = api.post("/api/v1/entitlements/check",
                Map.of("tenant", tenant, "metric", metric, "quantity", quantity, "consume", consume));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private void use(String tenant, String metric, long quantity) {
        Api.Response r = api.post("/api/v1/usage", Map.of("tenant", tenant, "metric", metric, "quantity", quantity,
                "idempotencyKey", Tenancy.fresh("use")));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    @Test
    void aCheckReportsUsageLimitAndRemainingWithoutConsuming() {
        String tenant = fixtures.tenantOn(plan);
        use(tenant, "max_shipments", 43);
        JsonNode fits = check(tenant, "max_shipments", 7, false);
        assertThat(fits.get("allowed").asBoolean()).isTrue();
        assertThat(fits.get("current").asLong()).isEqualTo(43);
        assertThat(fits.get("limit").asLong()).isEqualTo(50);
        assertThat(fits.get("remaining").asLong()).isEqualTo(7);
        assertThat(fits.has("reason")).isFalse();

        JsonNode tooMany = check(tenant, "max_shipments", 8, false);
        assertThat(tooMany.get("allowed").asBoolean()).isFalse();
        assertThat(tooMany.get("reason").asString()).isEqualTo("limit_exceeded");
        assertThat(check(tenant, "max_shipments", 0, false).get("current").asLong()).isEqualTo(43);
    }

    @Test
    void sixtyFourConcurrentConsumersGetExactlyTheLastTenUnits() throws Exception {
        String tenant = fixtures.tenantOn(plan);
        use(tenant, "max_shipments", 40);
        int threads = 64;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return check(tenant, "max_shipments", 1, true).get("allowed").asBoolean();
                }));
            }
            start.countDown();
            int allowed = 0;
            for (Future<Boolean> result : results) {
                if (result.get(60, TimeUnit.SECONDS)) {
                    allowed++;
                }
            }
            assertThat(allowed).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
        JsonNode after = check(tenant, "max_shipments", 1, false);
        assertThat(after.get("current").asLong()).isEqualTo(50);
        assertThat(after.get("remaining").asLong()).isZero();
    }

    @Test
    void consumingALevelRaisesItUntilTheLimit() {
        String tenant = fixtures.tenantOn(plan);
        assertThat(check(tenant, "max_users", 2, true).get("current").asLong()).isEqualTo(2);
        JsonNode refused = check(tenant, "max_users", 2, true);
        assertThat(refused.get("allowed").asBoolean()).isFalse();
        assertThat(refused.get("current").asLong()).isEqualTo(2);
        assertThat(check(tenant, "max_users", 1, true).get("allowed").asBoolean()).isTrue();
    }

    @Test
    void featuresAreCheckedOnTheSamePath() {
        String tenant = fixtures.tenantOn(plan);
        JsonNode on = api.post("/api/v1/entitlements/check", Map.of("tenant", tenant, "feature", "api_access")).json();
        assertThat(on.get("allowed").asBoolean()).isTrue();
        JsonNode off = api.post("/api/v1/entitlements/check", Map.of("tenant", tenant, "feature", "custom_branding"))
                .json();
        assertThat(off.get("allowed").asBoolean()).isFalse();
        assertThat(off.get("reason").asString()).isEqualTo("feature_disabled");
    }

    @Test
    void unknownMetricFeatureOrTenantAndNegativeQuantitiesAreBadRequests() {
        String tenant = fixtures.tenantOn(plan);
        Api.Response metric = api.post("/api/v1/entitlements/check", Map.of("tenant", tenant, "metric", "max_rockets"));
        assertThat(metric.status()).isEqualTo(400);
        assertThat(metric.json().get("type").asString()).isEqualTo("/problems/unknown-metric");
        Api.Response feature = api.post("/api/v1/entitlements/check", Map.of("tenant", tenant, "feature", "teleport"));
        assertThat(feature.status()).isEqualTo(400);
        assertThat(feature.json().get("type").asString()).isEqualTo("/problems/unknown-feature");
        Api.Response unknownTenant = api.post("/api/v1/entitlements/check",
                Map.of("tenant", "no-such-tenant", "metric", "max_shipments"));
        assertThat(unknownTenant.status()).isEqualTo(400);
        assertThat(unknownTenant.json().get("errors").get("tenant").asString()).contains("unknown tenant");
        Api.Response negative = api.post("/api/v1/entitlements/check",
                Map.of("tenant", tenant, "metric", "max_shipments", "quantity", -3, "consume", true));
        assertThat(negative.status()).isEqualTo(400);
        assertThat(check(tenant, "max_shipments", 0, false).get("current").asLong()).isZero();
    }

    @Test
    void aTenantThatMayNotWriteIsRefusedWhateverItsUsage() {
        String tenant = fixtures.tenantOn(plan);
        TenantId id = tenants.requireBySlug(tenant).id();
        tenants.changeStatus(id, TenantStatus.READ_ONLY, plan);
        JsonNode readOnly = check(tenant, "max_shipments", 1, true);
        assertThat(readOnly.get("allowed").asBoolean()).isFalse();
        assertThat(readOnly.get("reason").asString()).isEqualTo("subscription_read_only");
        assertThat(readOnly.get("current").asLong()).isZero();

        assertThat(api.post("/api/v1/tenants/" + tenant + "/suspend", Map.of("reason", "fraud check")).status())
                .isEqualTo(200);
        assertThat(check(tenant, "max_shipments", 1, false).get("reason").asString()).isEqualTo("tenant_suspended");
        assertThat(entitlements.writeAllowed(id)).isFalse();
    }

    @Test
    void theJavaApiRefusesOverTheLimitWithCurrentAndLimit() {
        String tenant = fixtures.tenantOn(plan);
        TenantId id = tenants.requireBySlug(tenant).id();
        entitlements.consumeOrRefuse(id, "max_users", 3);
        assertThatThrownBy(() -> entitlements.consumeOrRefuse(id, "max_users", 1))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.kind()).isEqualTo("limit-exceeded");
                    assertThat(e.status().value()).isEqualTo(403);
                    assertThat(e.properties()).containsEntry("current", 3L).containsEntry("limit", 3L);
                });
        tenants.changeStatus(id, TenantStatus.EXPIRED, plan);
        assertThatThrownBy(() -> entitlements.requireWriteAllowed(id))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.kind()).isEqualTo("subscription-read-only"));
    }

    @Test
    void theSnapshotShowsStatusFeaturesAndLimitsWithAnETag() {
        String tenant = fixtures.tenantOn(plan);
        use(tenant, "max_shipments", 5);
        Api.Response first = api.get("/api/v1/tenants/" + tenant + "/entitlements");
        assertThat(first.status()).isEqualTo(200);
        JsonNode body = first.json();
        assertThat(body.get("status").asString()).isEqualTo("trial");
        assertThat(body.get("writeAllowed").asBoolean()).isTrue();
        assertThat(body.has("warning")).isFalse();
        assertThat(body.get("features").get("api_access").get("enabled").asBoolean()).isTrue();
        JsonNode shipments = body.get("limits").get("max_shipments");
        assertThat(shipments.get("kind").asString()).isEqualTo("per_cycle");
        assertThat(shipments.get("limit").asLong()).isEqualTo(50);
        assertThat(shipments.get("current").asLong()).isEqualTo(5);
        assertThat(shipments.get("remaining").asLong()).isEqualTo(45);
        assertThat(shipments.get("overridden").asBoolean()).isFalse();
        String etag = first.header("ETag");
        assertThat(etag).isNotBlank();

        Api.Response unchanged = api.with("If-None-Match", etag).get("/api/v1/tenants/" + tenant + "/entitlements");
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.raw()).isEmpty();

        use(tenant, "max_shipments", 1);
        Api.Response changed = api.with("If-None-Match", etag).get("/api/v1/tenants/" + tenant + "/entitlements");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("ETag")).isNotEqualTo(etag);
        assertThat(changed.json().get("limits").get("max_shipments").get("current").asLong()).isEqualTo(6);

        tenants.changeStatus(tenants.requireBySlug(tenant).id(), TenantStatus.GRACE_PERIOD, plan);
        JsonNode grace = api.get("/api/v1/tenants/" + tenant + "/entitlements").json();
        assertThat(grace.get("status").asString()).isEqualTo("grace_period");
        assertThat(grace.get("writeAllowed").asBoolean()).isTrue();
        assertThat(grace.get("warning").asString()).contains("grace period");
    }
}
