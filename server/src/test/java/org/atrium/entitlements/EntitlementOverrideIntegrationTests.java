package org.atrium.entitlements;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.atrium.audit.AuditEvent;
import org.atrium.audit.AuditLog;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

@AtriumIntegrationTest
class EntitlementOverrideIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    AuditLog audit;

    @Autowired
    Clock clock;

    Api api;
    Tenancy fixtures;
    String plan;

    @BeforeEach
    void setUp() {
        api = Api.asRoot(port);
        fixtures = new Tenancy(api);
        plan = fixtures.planWith(Map.of("max_shipments", 5L), Map.of("custom_branding", false));
    }

    private JsonNode check(String tenant, String metric, long quantity) {
        return api.post("/api/v1/entitlements/check", Map.of("tenant", tenant, "metric", metric, "quantity", quantity))
                .json();
    }

    @Test
    void aLimitOverrideReplacesThePlansLimitIsMarkedAndAuditedAndCanBeRemoved() {
        String tenant = fixtures.tenantOn(plan, "America/New_York");
        assertThat(check(tenant, "max_shipments", 10).get("allowed").asBoolean()).isFalse();
        LocalDate until = clock.instant().atZone(ZoneId.of("America/New_York")).toLocalDate().plusDays(30);

        Api.Response put = api.put("/api/v1/tenants/" + tenant + "/overrides/max_shipments",
                Map.of("limit", 20, "until", until.toString(), "reason", "Peak season"));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("kind").asString()).isEqualTo("limit");

        JsonNode fits = check(tenant, "max_shipments", 10);
        assertThat(fits.get("allowed").asBoolean()).isTrue();
        assertThat(fits.get("limit").asLong()).isEqualTo(20);
        JsonNode limit = api.get("/api/v1/tenants/" + tenant + "/entitlements").json().get("limits").get("max_shipments");
        assertThat(limit.get("overridden").asBoolean()).isTrue();
        assertThat(limit.get("overriddenUntil").asString()).isEqualTo(until.toString());

        List<AuditEvent> history = audit.history(tenant + "/max_shipments");
        assertThat(history).extracting(AuditEvent::type).containsExactly("entitlement.override_set");

        assertThat(api.delete("/api/v1/tenants/" + tenant + "/overrides/max_shipments?reason=season%20over").status())
                .isEqualTo(204);
        assertThat(check(tenant, "max_shipments", 10).get("limit").asLong()).isEqualTo(5);
        assertThat(audit.history(tenant + "/max_shipments")).extracting(AuditEvent::type)
                .containsExactly("entitlement.override_set", "entitlement.override_removed");
        assertThat(api.delete("/api/v1/tenants/" + tenant + "/overrides/max_shipments").status()).isEqualTo(404);
    }

    @Test
    void aFeatureOverrideSwitchesAFeatureForOneTenant() {
        String tenant = fixtures.tenantOn(plan);
        String other = fixtures.tenantOn(plan);
        assertThat(api.put("/api/v1/tenants/" + tenant + "/overrides/custom_branding",
                Map.of("enabled", true, "reason", "Pilot customer")).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/entitlements/check", Map.of("tenant", tenant, "feature", "custom_branding")).json()
                .get("allowed").asBoolean()).isTrue();
        assertThat(api.post("/api/v1/entitlements/check", Map.of("tenant", other, "feature", "custom_branding")).json()
                .get("allowed").asBoolean()).isFalse();
        JsonNode feature = api.get("/api/v1/tenants/" + tenant + "/entitlements").json().get("features")
                .get("custom_branding");
        assertThat(feature.get("enabled").asBoolean()).isTrue();
        assertThat(feature.get("overridden").asBoolean()).isTrue();
    }

    @Test
    void invalidOverridesAreRefused() {
        String tenant = fixtures.tenantOn(plan);
        String base = "/api/v1/tenants/" + tenant + "/overrides/";
        assertThat(api.put(base + "max_shipments", Map.of("limit", 3, "enabled", true, "reason", "x")).status())
                .isEqualTo(400);
        assertThat(api.put(base + "max_shipments", Map.of("limit", -2, "reason", "x")).status()).isEqualTo(400);
        assertThat(api.put(base + "max_rockets", Map.of("limit", 3, "reason", "x")).status()).isEqualTo(400);
        assertThat(api.put(base + "max_shipments", Map.of("limit", 3)).json().get("errors").has("reason")).isTrue();
        Api.Response past = api.put(base + "max_shipments",
                Map.of("limit", 3, "reason", "x", "until", "2020-01-01"));
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.json().get("errors").get("until").asString()).contains("past");
        assertThat(api.get(base.substring(0, base.length() - 1)).json().get("items")).isEmpty();
    }
}
