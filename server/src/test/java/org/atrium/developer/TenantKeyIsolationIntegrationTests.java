package org.atrium.developer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import tools.jackson.databind.JsonNode;

/**
 * A tenant key holding every scope, against every API route there is, read from the request mappings (so a route
 * added later is covered without anyone remembering to): another tenant's resources answer 404 as a tenant that does
 * not exist, and everything else that is not the key's own tenant's answers 403 naming a permission.
 */
@AtriumIntegrationTest
class TenantKeyIsolationIntegrationTests {

    private static final Pattern VARIABLE = Pattern.compile("\\{([a-zA-Z]+)(:[^}]*)?}");
    /** Routes that name their tenant in the body rather than the path. */
    private static final Set<String> BODY_TENANT = Set.of("POST /api/v1/usage", "POST /api/v1/entitlements/check");
    /** Routes that hold no tenant's data and that a tenant key may read. */
    private static final Set<String> OPEN_TO_TENANT_KEYS = Set.of("GET /api/v1/webhook-event-types");

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    String own;
    String other;
    String ownInvoice;
    String otherInvoice;
    Api asKey;

    @BeforeEach
    void twoTenantsWithAnInvoiceEach() {
        Api root = Api.asRoot(port);
        String plan = Fixtures.plan(root).get("slug").asString();
        own = Fixtures.tenantOn(root, plan).get("slug").asString();
        other = Fixtures.tenantOn(root, plan).get("slug").asString();
        ownInvoice = invoiceOf(root, own);
        otherInvoice = invoiceOf(root, other);
        Api.Response issued = root.post("/api/v1/tenants/" + own + "/api-keys",
                Map.of("name", "everything", "scopes", ApiScope.ALL));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        asKey = Api.anonymous(port).withBearer(issued.json().get("key").asString());
    }

    /** A manual credit is invoiced (a paid adjustment invoice), which gives each tenant an invoice number. */
    private static String invoiceOf(Api root, String slug) {
        Api.Response credit = root.post("/api/v1/tenants/" + slug + "/wallet/credits",
                Map.of("amount", "5.00", "reason", "isolation test", "reference", "iso-" + Fixtures.token()));
        assertThat(credit.status()).as(credit.toString()).isEqualTo(201);
        JsonNode invoices = root.get("/api/v1/tenants/" + slug + "/invoices").json().get("items");
        assertThat(invoices.size()).isGreaterThan(0);
        return invoices.get(0).get("number").asString();
    }

    record Call(String method, String pattern) {
        String key() {
            return method + " " + pattern;
        }
    }

    private List<Call> apiRoutes() {
        List<Call> calls = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
            Set<RequestMethod> methods = entry.getKey().getMethodsCondition().getMethods();
            for (String pattern : entry.getKey().getPatternValues()) {
                if (!pattern.startsWith("/api/") || pattern.startsWith("/api/v1/public/")) {
                    continue;
                }
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    calls.add(new Call(method.name(), pattern));
                }
            }
        }
        return calls;
    }

    private String path(String pattern, String tenant, String invoice) {
        var matcher = VARIABLE.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = switch (matcher.group(1)) {
                case "slug" -> tenant;
                case "number" -> invoice;
                case "id" -> "0190f1c4-0000-7000-8000-000000000001";
                case "metric" -> "api_calls_daily";
                default -> "x";
            };
            matcher.appendReplacement(out, value);
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private Api.Response call(Call call, String path, String tenantInBody) {
        Object body = Set.of("GET", "DELETE").contains(call.method()) ? null : Map.of("tenant", tenantInBody);
        return asKey.send(call.method(), path, body);
    }

    @Test
    void anotherTenantsResourcesAre404AndPlatformRoutes403ForATenantKeyWithEveryScope() {
        Api.Response missing = asKey.get("/api/v1/tenants/no-such-" + Fixtures.token() + "/wallet");
        assertThat(missing.status()).isEqualTo(404);
        String notFoundType = missing.json().get("type").asString();

        List<Call> routes = apiRoutes();
        assertThat(routes).hasSizeGreaterThan(40);
        List<String> wrong = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (Call call : routes) {
            String pattern = call.pattern();
            boolean tenantOwned = pattern.contains("{slug}") && pattern.startsWith("/api/v1/tenants/")
                    || pattern.startsWith("/api/v1/invoices/{number");
            boolean bodyTenant = BODY_TENANT.contains(call.key());
            Api.Response r = call(call, path(pattern, other, otherInvoice), other);
            seen.add(call.key() + " → " + r.status());
            if (OPEN_TO_TENANT_KEYS.contains(call.key())) {
                if (r.status() != 200) {
                    wrong.add(call.key() + " answered " + r.status() + " (expected 200): " + r.body());
                }
            } else if (tenantOwned || bodyTenant) {
                if (r.status() != 404 || !notFoundType.equals(r.json().get("type").asString())) {
                    wrong.add(call.key() + " answered " + r.status() + " (expected 404): " + r.body());
                }
                if (r.body().contains(other) && pattern.startsWith("/api/v1/invoices/")) {
                    wrong.add(call.key() + " names the other tenant: " + r.body());
                }
            } else if (r.status() != 403 || !(r.json().has("permission") || r.json().has("permissions"))) {
                wrong.add(call.key() + " answered " + r.status() + " (expected 403 naming a permission): " + r.body());
            }
        }
        assertThat(wrong).as(String.join("\n", seen)).isEmpty();
    }

    @Test
    void aBatchOfUsageEventsWithOneForAnotherTenantIsRefusedWhole() {
        List<Map<String, Object>> events = List.of(
                Map.of("tenant", own, "metric", "max_users", "value", 1, "idempotencyKey", Fixtures.token()),
                Map.of("tenant", other, "metric", "max_users", "value", 2, "idempotencyKey", Fixtures.token()));
        Api.Response r = asKey.post("/api/v1/usage", Map.of("events", events));
        assertThat(r.status()).as(r.toString()).isEqualTo(404);
        JsonNode usage = Api.asRoot(port).get("/api/v1/tenants/" + other + "/usage").json();
        assertThat(usage.toString()).doesNotContain("\"value\":2");
    }

    @Test
    void staffOnlyActionsOnTheKeysOwnTenantAre403NamingThePermission() {
        Map<String, Object> credit = Map.of("amount", "1.00", "reason", "self credit", "reference", Fixtures.token());
        Map<String, String> refused = Map.of(
                "POST /api/v1/tenants/" + own + "/wallet/credits", "saas.wallets.manage",
                "POST /api/v1/tenants/" + own + "/wallet/debits", "saas.wallets.manage",
                "POST /api/v1/invoices/" + ownInvoice + "/payments", "saas.invoices.manage",
                "PUT /api/v1/tenants/" + own + "/overrides/max_users", "tenants.manage",
                "POST /api/v1/tenants/" + own + "/subscription/extend", "saas.subscriptions.manage",
                "PUT /api/v1/tenants/" + own + "/subscription", "saas.subscriptions.manage",
                "POST /api/v1/tenants/" + own + "/suspend", "tenants.manage");
        for (Map.Entry<String, String> entry : refused.entrySet()) {
            String[] parts = entry.getKey().split(" ");
            Api.Response r = asKey.send(parts[0], parts[1], credit);
            assertThat(r.status()).as(entry.getKey() + ": " + r.body()).isEqualTo(403);
            JsonNode body = r.json();
            String named = body.has("permission") ? body.get("permission").asString()
                    : body.get("permissions").toString();
            assertThat(named).as(entry.getKey()).contains(entry.getValue());
        }
        assertThat(Api.asRoot(port).get("/api/v1/tenants/" + own + "/wallet").json().get("balance").toString())
                .contains("5.00");
    }

    @Test
    void theKeysOwnTenantIsReachableWithItsScopes() {
        for (String path : List.of("/api/v1/tenants/" + own, "/api/v1/tenants/" + own + "/wallet",
                "/api/v1/tenants/" + own + "/invoices", "/api/v1/invoices/" + ownInvoice,
                "/api/v1/tenants/" + own + "/entitlements", "/api/v1/tenants/" + own + "/subscription/history",
                "/api/v1/tenants/" + own + "/usage", "/api/v1/tenants/" + own + "/api-keys")) {
            Api.Response r = asKey.get(path);
            assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        }
        Api.Response check = asKey.post("/api/v1/entitlements/check",
                Map.of("tenant", own, "metric", "max_users", "quantity", 1));
        assertThat(check.status()).as(check.toString()).isEqualTo(200);
    }
}
