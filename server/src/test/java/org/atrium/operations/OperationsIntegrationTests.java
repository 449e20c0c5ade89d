package org.atrium.operations;

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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

@AtriumIntegrationTest
class OperationsIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    HealthEndpointGroups healthGroups;

    Api api;

    @BeforeEach
    void setUp() {
        api = Api.asRoot(port);
    }

    @Test
    void startsWithTheIssuesDefaultSettings() {
        Api.Response response = api.get("/api/v1/settings");

        assertThat(response.status()).isEqualTo(200);
        JsonNode settings = response.json();
        assertThat(settings.get("trialDays").asInt()).isEqualTo(14);
        assertThat(settings.get("graceDays").asInt()).isEqualTo(7);
        assertThat(settings.get("defaultCurrency").asString()).isEqualTo("USD");
        assertThat(settings.get("defaultTimezone").asString()).isEqualTo("UTC");
        assertThat(settings.get("defaultLocale").asString()).isEqualTo("en-US");
        assertThat(settings.get("invoicePrefix").asString()).isEqualTo("INV");
        assertThat(settings.get("maintenance").get("enabled").asBoolean()).isFalse();
        assertThat(response.header("ETag")).isEqualTo("\"" + settings.get("version").asInt() + "\"");
    }

    @Test
    void changesTaxRatesSellerAndInvoicePrefixAndAuditsBeforeAndAfter() {
        JsonNode before = api.get("/api/v1/settings").json();
        Map<String, Object> vat = new LinkedHashMap<>();
        vat.put("code", "vat-de");
        vat.put("name", "VAT 19%");
        vat.put("rate", 19);
        vat.put("country", "DE");
        vat.put("inclusive", false);
        Map<String, Object> sales = new LinkedHashMap<>();
        sales.put("code", "sales");
        sales.put("name", "Sales tax 7.5%");
        sales.put("rate", "7.5");
        sales.put("country", null);
        sales.put("inclusive", false);
        Map<String, Object> patch = Map.of("taxRates", List.of(vat, sales), "seller",
                Map.of("name", "Atrium Demo GmbH", "address", "Unter den Linden 1, Berlin", "taxId", "DE123456789"),
                "invoicePrefix", "ACME");
        try {
            Api.Response changed = api.with("If-Match", "\"" + before.get("version").asInt() + "\"")
                    .patch("/api/v1/settings", patch);

            assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
            JsonNode after = api.get("/api/v1/settings").json();
            assertThat(after.get("invoicePrefix").asString()).isEqualTo("ACME");
            assertThat(after.get("seller").get("name").asString()).isEqualTo("Atrium Demo GmbH");
            assertThat(after.get("seller").get("taxId").asString()).isEqualTo("DE123456789");
            assertThat(after.get("taxRates")).hasSize(2);
            assertThat(after.get("taxRates").get(0).get("rate").decimalValue()).isEqualByComparingTo("19");
            assertThat(after.get("taxRates").get(1).get("rate").decimalValue()).isEqualByComparingTo("7.5");
            assertThat(after.get("trialDays").asInt()).isEqualTo(before.get("trialDays").asInt());
            assertThat(after.get("version").asInt()).isEqualTo(before.get("version").asInt() + 1);

            JsonNode event = api.get("/api/v1/audit-events?type=settings.updated&size=1").json().get("items").get(0);
            assertThat(event.get("before").get("invoicePrefix").asString())
                    .isEqualTo(before.get("invoicePrefix").asString());
            assertThat(event.get("after").get("invoicePrefix").asString()).isEqualTo("ACME");
            assertThat(event.get("after").get("seller").get("name").asString()).isEqualTo("Atrium Demo GmbH");
            assertThat(event.get("actorType").asString()).isEqualTo("api_key");
        } finally {
            restore(before, "taxRates", "seller", "invoicePrefix");
        }
    }

    @Test
    void refusesInvalidSettingsNamingTheFieldsAndKeepsTheOldOnes() {
        JsonNode before = api.get("/api/v1/settings").json();
        Map<String, Object> badRate = new LinkedHashMap<>();
        badRate.put("code", "Bad Code");
        badRate.put("name", "");
        badRate.put("rate", 150);
        badRate.put("country", "germany");
        badRate.put("inclusive", false);

        JsonNode problem = invalid(api.patch("/api/v1/settings", Map.of("trialDays", -1, "graceDays", 91,
                "invoicePrefix", "inv", "defaultCurrency", "EURO", "defaultTimezone", "Mars/Olympus", "taxRates",
                List.of(badRate))), "trialDays");
        assertThat(fieldNames(problem.get("errors"))).contains("graceDays", "invoicePrefix", "defaultCurrency",
                "defaultTimezone", "taxRates[0].code", "taxRates[0].name", "taxRates[0].rate", "taxRates[0].country");
        invalid(api.patch("/api/v1/settings", Map.of("trialDayz", 30)), "trialDayz");
        invalid(api.patch("/api/v1/settings", Map.of("seller", Map.of("name", " "))), "seller.name");
        invalid(api.patch("/api/v1/settings", Map.of("maintenance", Map.of("retryAfterSeconds", 0))),
                "maintenance.retryAfterSeconds");
        problem(api.with("If-Match", "\"" + (before.get("version").asInt() - 1) + "\"").patch("/api/v1/settings",
                Map.of("trialDays", 30)), 412, "stale-version");

        assertThat(api.get("/api/v1/settings").json()).isEqualTo(before);
    }

    @Test
    void maintenanceModeRefusesTenantFacingWritesButNotStaffOrPlatformKeys() {
        JsonNode before = api.get("/api/v1/settings").json();
        Api owner = Api.anonymous(port).withBasic(Api.OWNER_EMAIL, Api.OWNER_PASSWORD);
        Api.Response on = api.patch("/api/v1/settings",
                Map.of("maintenance", Map.of("enabled", true, "retryAfterSeconds", 120, "message", "Upgrading")));
        assertThat(on.status()).as(on.toString()).isEqualTo(200);
        try {
            String prospect = Fixtures.slug("prospect");
            Api.Response refused = Api.anonymous(port).post("/api/v1/public/signup",
                    Map.of("slug", prospect, "name", "Prospect", "plan", "free", "email", "p@example.test"));

            JsonNode body = problem(refused, 503, "maintenance");
            assertThat(refused.header("Retry-After")).isEqualTo("120");
            assertThat(body.get("detail").asString()).isEqualTo("Upgrading");
            assertThat(api.get("/api/v1/tenants/" + prospect).status()).isEqualTo(404);
            assertThat(Api.anonymous(port).get("/api/v1/public/plans").status()).isEqualTo(200);

            Api.Response byKey = api.post("/api/v1/tenants",
                    Fixtures.tenantRequest(Fixtures.slug("during"), "During Maintenance", "free"));
            assertThat(byKey.status()).as(byKey.toString()).isEqualTo(201);
            Api.Response byStaff = owner.post("/api/v1/tenants",
                    Fixtures.tenantRequest(Fixtures.slug("staff-during"), "Staff During Maintenance", "free"));
            assertThat(byStaff.status()).as(byStaff.toString()).isEqualTo(201);
            assertThat(api.get("/api/v1/audit-events?type=settings.maintenance_enabled&size=1").json()
                    .get("totalItems").asLong()).isPositive();
        } finally {
            restore(before, "maintenance");
        }
        assertThat(api.get("/api/v1/settings").json().get("maintenance")).isEqualTo(before.get("maintenance"));
        Api.Response afterwards = Api.anonymous(port).post("/api/v1/public/signup",
                Map.of("slug", Fixtures.slug("after"), "name", "After", "plan", "free", "email", "a@example.test"));
        assertThat(afterwards.status()).as(afterwards.toString()).isEqualTo(201);
    }

    @Test
    void tagsEveryResponseWithARequestId() {
        assertThat(api.with("X-Request-Id", "crm-sync.42").get("/api/v1/settings").header("X-Request-Id"))
                .isEqualTo("crm-sync.42");
        assertThat(api.with("X-Request-Id", "not a valid id").get("/api/v1/settings").header("X-Request-Id"))
                .matches("[0-9a-f-]{36}");
        String refused = Api.anonymous(port).get("/api/v1/settings").header("X-Request-Id");
        assertThat(refused).matches("[0-9a-f-]{36}");
        assertThat(Api.anonymous(port).get("/api/v1/settings").header("X-Request-Id")).isNotEqualTo(refused);
    }

    @Test
    void reportsLivenessAndReadinessWithTheDatabase() {
        JsonNode liveness = Api.anonymous(port).get("/actuator/health/liveness").json();
        JsonNode readiness = Api.anonymous(port).get("/actuator/health/readiness").json();
        JsonNode health = Api.anonymous(port).get("/actuator/health").json();

        assertThat(liveness.get("status").asString()).isEqualTo("UP");
        assertThat(readiness.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(healthGroups.get("readiness").isMember("db")).as("readiness includes the database").isTrue();
        assertThat(healthGroups.get("liveness").isMember("db")).as("a slow database must not restart nodes")
                .isFalse();
    }

    @Test
    void servesPrometheusMetricsOnlyToAKeyWithMetricsRead() {
        Api.anonymous(port).get("/api/v1/public/plans");
        String scraper = api.post("/api/v1/api-keys", Map.of("name", "prometheus", "permissions",
                List.of("metrics.read"))).json().get("secret").asString();
        String reader = api.post("/api/v1/api-keys", Map.of("name", "tenant reader", "permissions",
                List.of("tenants.read"))).json().get("secret").asString();

        assertThat(Api.anonymous(port).get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(Api.anonymous(port).withBearer(reader).get("/actuator/prometheus").status()).isEqualTo(403);
        // The scraper's key reads metrics and nothing else.
        assertThat(Api.anonymous(port).withBearer(scraper).get("/api/v1/tenants").status()).isEqualTo(403);
        Api.Response metrics = Api.anonymous(port).withBearer(scraper).get("/actuator/prometheus");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.body()).contains("jvm_memory_used_bytes", "http_server_requests_seconds_count",
                "hikaricp_connections");
    }

    @Test
    void describesTheApiInOpenApiWithSwaggerUi() {
        Api.Response docs = Api.anonymous(port).get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        JsonNode paths = docs.json().get("paths");
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("/api/v1/plans", List.of("get", "post"));
        expected.put("/api/v1/plans/{slug}", List.of("get", "patch"));
        expected.put("/api/v1/plans/{slug}/activate", List.of("post"));
        expected.put("/api/v1/plans/{slug}/deactivate", List.of("post"));
        expected.put("/api/v1/tenants", List.of("get", "post"));
        expected.put("/api/v1/tenants/{slug}", List.of("get", "patch", "delete"));
        expected.put("/api/v1/tenants/{slug}/suspend", List.of("post"));
        expected.put("/api/v1/tenants/{slug}/activate", List.of("post"));
        expected.put("/api/v1/tenants/{slug}/restore", List.of("post"));
        expected.put("/api/v1/settings", List.of("get", "patch"));
        expected.put("/api/v1/audit-events", List.of("get"));
        expected.put("/api/v1/audit-events/verify", List.of("post"));
        expected.put("/api/v1/public/signup", List.of("post"));
        expected.forEach((path, methods) -> {
            assertThat(paths.has(path)).as("OpenAPI documents " + path).isTrue();
            assertThat(fieldNames(paths.get(path))).as(path).containsAll(methods);
        });

        Api.Response ui = Api.anonymous(port).get("/swagger-ui.html");
        assertThat(ui.status()).isIn(200, 302);
        String page = ui.status() == 302 ? ui.header("Location") : "/swagger-ui.html";
        Api.Response index = Api.anonymous(port).get(page.replaceFirst("^https?://[^/]+", ""));
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.body()).contains("swagger-ui");
    }

    /** Puts the given top-level settings back as they were (a merge patch that also removes added members). */
    private void restore(JsonNode before, String... fields) {
        JsonNode now = api.get("/api/v1/settings").json();
        Map<String, Object> patch = new LinkedHashMap<>();
        for (String field : fields) {
            patch.put(field, replacement(before.get(field), now.get(field)));
        }
        Api.Response restored = api.patch("/api/v1/settings", patch);
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
    }

    private static Object replacement(JsonNode before, JsonNode now) {
        if (before.isObject() && now != null && now.isObject()) {
            Map<String, Object> merged = new LinkedHashMap<>();
            now.propertyNames().forEach(name -> merged.put(name, null));
            before.properties().forEach(e -> merged.put(e.getKey(), Api.JSON.convertValue(e.getValue(), Object.class)));
            return merged;
        }
        return Api.JSON.convertValue(before, Object.class);
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        return names;
    }
}
