package org.atrium.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.support.Fixtures.invalid;
import static org.atrium.support.Fixtures.problem;
import static org.atrium.support.Fixtures.slug;
import static org.atrium.support.Fixtures.tenantRequest;

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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * The owner's catalogue of feature switches: seeded with the lending example, managed through the API and audited,
 * and what tenants' values are validated against. A context of its own, since these tests change the catalogue
 * every tenant reads.
 */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=feature-switches")
class FeatureSwitchIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api;

    @BeforeEach
    void setUp() {
        api = Api.asRoot(port);
    }

    @Test
    void theCatalogueIsSeededWithTheLendingExample() {
        JsonNode list = api.get("/api/v1/feature-switches").json();
        Map<String, Boolean> defaults = new LinkedHashMap<>();
        list.get("items").forEach(s -> defaults.put(s.get("key").asString(), s.get("defaultValue").asBoolean()));
        assertThat(defaults).containsEntry("borrowerSelfRegistration", false).containsEntry("manualLoanApproval", true)
                .containsEntry("automaticDisbursement", false).containsEntry("lateFeeAutomation", false)
                .containsEntry("multiLevelApproval", false);
        JsonNode one = api.get("/api/v1/feature-switches/manualLoanApproval").json();
        assertThat(one.get("name").asString()).isEqualTo("Manual loan approval");
        assertThat(one.get("tenantEditable").asBoolean()).isTrue();
    }

    @Test
    void staffAddChangeAndRemoveSwitchesAndEveryChangeIsAudited() {
        String key = "ship" + Fixtures.token().substring(0, 6);
        Api.Response created = api.post("/api/v1/feature-switches", Map.of("key", key, "name", "Express shipping",
                "description", "Parcels go out the same day.", "defaultValue", true, "tenantEditable", true));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("defaultValue").asBoolean()).isTrue();
        problem(api.post("/api/v1/feature-switches", Map.of("key", key, "name", "Again", "defaultValue", false)), 409,
                "duplicate");
        invalid(api.post("/api/v1/feature-switches", Map.of("key", "9lives", "name", "Bad", "defaultValue", false)),
                "key");
        invalid(api.post("/api/v1/feature-switches", Map.of("key", key + "x", "name", "No default")), "defaultValue");
        invalid(api.post("/api/v1/feature-switches", Map.of("key", key + "y", "name", "", "defaultValue", true)),
                "name");

        Api.Response patched = api.patch("/api/v1/feature-switches/" + key,
                Map.of("name", "Same-day shipping", "defaultValue", false));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("name").asString()).isEqualTo("Same-day shipping");
        assertThat(patched.json().get("defaultValue").asBoolean()).isFalse();
        // Not mentioned, so kept.
        assertThat(patched.json().get("description").asString()).isEqualTo("Parcels go out the same day.");
        assertThat(patched.json().get("tenantEditable").asBoolean()).isTrue();
        invalid(api.patch("/api/v1/feature-switches/" + key, Map.of("key", "renamed")), "key");

        assertThat(api.delete("/api/v1/feature-switches/" + key).status()).isEqualTo(204);
        problem(api.get("/api/v1/feature-switches/" + key), 404, "not-found");
        problem(api.delete("/api/v1/feature-switches/" + key), 404, "not-found");

        List<String> types = jdbc.sql("select event_type from audit_events where target = :key order by seq")
                .param("key", key).query(String.class).list();
        assertThat(types).containsExactly("feature_switch.created", "feature_switch.updated",
                "feature_switch.removed");
    }

    @Test
    void onlyStaffWithSettingsManageChangeTheCatalogue() {
        String reader = Fixtures.apiKey(api, "tenants.read");
        Api asReader = api.withBearer(reader);
        assertThat(asReader.get("/api/v1/feature-switches").status()).isEqualTo(200);
        assertThat(asReader.post("/api/v1/feature-switches", Map.of("key", "sneaky", "name", "Sneaky",
                "defaultValue", true)).status()).isEqualTo(403);
        assertThat(asReader.patch("/api/v1/feature-switches/manualLoanApproval", Map.of("defaultValue", false))
                .status()).isEqualTo(403);
        assertThat(asReader.delete("/api/v1/feature-switches/manualLoanApproval").status()).isEqualTo(403);
        assertThat(api.get("/api/v1/feature-switches/manualLoanApproval").json().get("defaultValue").asBoolean())
                .isTrue();
    }

    @Test
    void aTenantsValuesMustBeSwitchesOfTheCatalogue() {
        Map<String, Object> request = tenantRequest(slug("unknown"), "Unknown Switch", "starter");
        request.put("features", Map.of("manualLoanApproval", false, "teleportation", true));
        JsonNode refused = invalid(api.post("/api/v1/tenants", request), "features.teleportation");
        assertThat(refused.get("errors").has("features.manualLoanApproval")).isFalse();

        String slug = Fixtures.tenantOn(api, "starter").get("slug").asString();
        invalid(api.patch("/api/v1/tenants/" + slug, Map.of("features", Map.of("teleportation", true))),
                "features.teleportation");
        assertThat(api.get("/api/v1/tenants/" + slug).json().get("features").has("teleportation")).isFalse();
    }

    @Test
    void aNewTenantGetsTheCatalogueDefaultsAndARemovedSwitchLeavesItsValuesHarmless() {
        String key = "loyalty" + Fixtures.token().substring(0, 6);
        assertThat(api.post("/api/v1/feature-switches", Map.of("key", key, "name", "Loyalty points", "defaultValue",
                true)).status()).isEqualTo(201);
        JsonNode tenant = Fixtures.tenantOn(api, "starter");
        String slug = tenant.get("slug").asString();
        assertThat(tenant.get("features").get(key).asBoolean()).isTrue();
        assertThat(tenant.get("features").get("manualLoanApproval").asBoolean()).isTrue();
        assertThat(api.patch("/api/v1/tenants/" + slug, Map.of("features", Map.of(key, false))).status())
                .isEqualTo(200);

        // The owner removes the switch, and one of the seeded lending ones: the tenant's stored values stay in its
        // row but are neither shown nor in the way of its next change.
        assertThat(api.delete("/api/v1/feature-switches/" + key).status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/feature-switches/multiLevelApproval").status()).isEqualTo(204);
        String stored = jdbc.sql("select features::text from tenants where slug = :slug").param("slug", slug)
                .query(String.class).single();
        assertThat(stored).contains(key).contains("multiLevelApproval");

        JsonNode read = api.get("/api/v1/tenants/" + slug).json();
        List<String> shown = new ArrayList<>(read.get("features").propertyNames());
        assertThat(shown).doesNotContain(key, "multiLevelApproval").contains("manualLoanApproval");
        Api.Response changed = api.patch("/api/v1/tenants/" + slug, Map.of("features",
                Map.of("manualLoanApproval", false)));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("features").get("manualLoanApproval").asBoolean()).isFalse();
        // Setting a removed switch is refused like any unknown key.
        invalid(api.patch("/api/v1/tenants/" + slug, Map.of("features", Map.of(key, true))), "features." + key);
        JsonNode later = Fixtures.tenantOn(api, "starter");
        assertThat(later.get("features").has("multiLevelApproval")).isFalse();
    }
}
