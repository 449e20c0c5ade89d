package org.atrium.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.support.Fixtures.invalid;
import static org.atrium.support.Fixtures.problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * Numbers that cannot overflow, text that cannot crash a write, strict amounts, literal audit filters, permissions
 * before bodies, one text limit across modules, and an error page that is a problem (issue 8, item 6).
 */
@AtriumIntegrationTest
class InputHardeningIntegrationTests {

    private static final String NUL = "\0";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    // ------------------------------------------------------------------------------------------------ NUL

    /**
     * The write endpoints the bad-request battery (PlatformIntegrationTests) does not cover: a NUL in each string of
     * a valid body is a 400 naming that field, never a 500.
     */
    @TestFactory
    Stream<DynamicTest> nulInEveryStringFieldIsRefusedNamingTheField() {
        Api root = Api.asRoot(port);
        String slug = Fixtures.tenantOn(root, "starter").get("slug").asString();
        String t = "/api/v1/tenants/" + slug;
        List<Object[]> endpoints = new ArrayList<>();
        endpoints.add(new Object[] { "POST", t + "/wallet/credits",
                Map.of("amount", "5.00", "currency", "USD", "reason", "Courtesy", "reference", "nul-credit") });
        endpoints.add(new Object[] { "POST", t + "/wallet/debits",
                Map.of("amount", "5.00", "currency", "USD", "reason", "Correction", "reference", "nul-debit") });
        endpoints.add(new Object[] { "POST", "/api/v1/usage",
                Map.of("tenant", slug, "metric", "max_shipments", "quantity", 1, "idempotencyKey", "nul-usage") });
        endpoints.add(new Object[] { "POST", "/api/v1/usage", Map.of("events", List.of(
                Map.of("tenant", slug, "metric", "max_shipments", "quantity", 1, "idempotencyKey", "nul-batch"))) });
        endpoints.add(new Object[] { "POST", "/api/v1/entitlements/check",
                Map.of("tenant", slug, "metric", "max_shipments", "quantity", 1) });
        endpoints.add(new Object[] { "POST", "/api/v1/entitlements/check", Map.of("tenant", slug, "feature", "x") });
        endpoints.add(new Object[] { "PUT", t + "/overrides/max_shipments",
                Map.of("limit", 10, "until", "2099-12-31", "reason", "Pilot") });
        endpoints.add(new Object[] { "PUT", t + "/subscription",
                Map.of("plan", "growth", "cycle", "monthly", "collection", "wallet", "effective", "now") });
        endpoints.add(new Object[] { "POST", t + "/subscription/cancel",
                Map.of("atPeriodEnd", true, "reason", "Leaving") });
        endpoints.add(new Object[] { "POST", t + "/subscription/extend", Map.of("days", 1, "reason", "Outage") });
        endpoints.add(new Object[] { "POST", "/api/v1/invoices/INV-2026-99999/payments",
                Map.of("method", "wire", "reference", "bank-1", "paidOn", "2026-12-01", "note", "Received") });
        endpoints.add(new Object[] { "POST", "/api/v1/invoices/INV-2026-99999/cancel", Map.of("reason", "Wrong") });
        endpoints.add(new Object[] { "POST", "/api/v1/invoices/INV-2026-99999/refund",
                Map.of("amount", "1.00", "currency", "USD", "reason", "Credit", "reference", "nul-refund") });
        List<DynamicTest> tests = new ArrayList<>();
        for (Object[] e : endpoints) {
            PlatformIntegrationTests.withNulInEachString(e[2], "").forEach((field, body) -> tests.add(
                    DynamicTest.dynamicTest(e[0] + " " + e[1] + " with NUL in " + field,
                            () -> invalid(root.send((String) e[0], (String) e[1], body), field))));
        }
        return tests.stream();
    }

    /** Every query parameter of every list or lookup: a NUL in it is a 400 naming the parameter. */
    @TestFactory
    Stream<DynamicTest> nulInEveryQueryParameterIsRefusedNamingIt() {
        Api root = Api.asRoot(port);
        String slug = Fixtures.tenantOn(root, "starter").get("slug").asString();
        String t = "/api/v1/tenants/" + slug;
        Map<String, List<String>> queries = new LinkedHashMap<>();
        queries.put("/api/v1/tenants", List.of("status", "plan", "q", "sort"));
        queries.put("/api/v1/audit-events", List.of("type", "actorId", "sort"));
        queries.put("/api/v1/mail-outbox", List.of("type", "status", "sort"));
        queries.put(t + "/wallet/transactions", List.of("type", "reference", "sort"));
        queries.put(t + "/invoices", List.of("status", "type", "sort"));
        queries.put(t + "/subscription/preview-change", List.of("plan", "cycle"));
        queries.put("/api/v1/notifications?tenantId=" + UUID.randomUUID(), List.of("sort"));
        queries.put(t + "/overrides/max_shipments", List.of("reason"));
        List<DynamicTest> tests = new ArrayList<>();
        queries.forEach((path, params) -> params.forEach(param -> tests.add(DynamicTest.dynamicTest(
                "GET " + path + " with NUL in " + param, () -> {
                    String method = path.contains("/overrides/") ? "DELETE" : "GET";
                    String query = (path.contains("?") ? "&" : "?") + param + "=a%00b";
                    invalid(root.send(method, path + query, null), param);
                }))));
        return tests.stream();
    }

    @Test
    void nulInAPathVariableIsABadRequestNotAFailure() {
        // Tomcat refuses an encoded NUL in the path itself, before the application sees the request.
        Api.Response response = Api.asRoot(port).get("/api/v1/tenants/a%00b");
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
    }

    // ------------------------------------------------------------------------------------------- numbers

    @Test
    void aCheckRefusesQuantitiesAboveTenToTheTwelveAsUsageDoes() {
        Api root = Api.asRoot(port);
        String slug = Fixtures.tenantOn(root, "starter").get("slug").asString();
        for (boolean consume : List.of(true, false)) {
            invalid(root.post("/api/v1/entitlements/check", Map.of("tenant", slug, "metric", "max_shipments",
                    "quantity", Long.MAX_VALUE, "consume", consume)), "quantity");
            invalid(root.post("/api/v1/entitlements/check", Map.of("tenant", slug, "metric", "max_shipments",
                    "quantity", 1_000_000_000_001L, "consume", consume)), "quantity");
        }
        invalid(root.post("/api/v1/usage", Map.of("tenant", slug, "metric", "max_shipments", "quantity",
                1_000_000_000_001L, "idempotencyKey", "too-many")), "quantity");
        // Nothing was consumed: the starter plan's 500 shipments are all there, and one can be taken.
        Api.Response one = root.post("/api/v1/entitlements/check",
                Map.of("tenant", slug, "metric", "max_shipments", "quantity", 1, "consume", true));
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.json().get("allowed").asBoolean()).isTrue();
        assertThat(one.json().get("current").asLong()).isEqualTo(1);
    }

    @Test
    void aLevelAtTheEndOfTheRangeRefusesInsteadOfWrapping() {
        Api root = Api.asRoot(port);
        String slug = Fixtures.tenantOn(root, "starter").get("slug").asString();
        UUID tenant = jdbc.sql("select id from tenants where slug = :s").param("s", slug).query(UUID.class).single();
        long nearEnd = Long.MAX_VALUE - 5;
        // The tenant's first admin already counts as one user: move that level to the end of the range.
        jdbc.sql("insert into usage_levels (tenant_id, metric, value, observed_at, updated_at) "
                + "values (:t, 'max_users', :v, now(), now()) "
                + "on conflict (tenant_id, metric) do update set value = excluded.value")
                .param("t", tenant).param("v", nearEnd).update();

        // Starter allows 5 users. nearEnd + 10 wraps to a negative number in a long, which is "within" 5.
        JsonNode peek = root.post("/api/v1/entitlements/check",
                Map.of("tenant", slug, "metric", "max_users", "quantity", 10)).json();
        assertThat(peek.get("allowed").asBoolean()).as(peek.toString()).isFalse();
        JsonNode take = root.post("/api/v1/entitlements/check",
                Map.of("tenant", slug, "metric", "max_users", "quantity", 1, "consume", true)).json();
        assertThat(take.get("allowed").asBoolean()).as(take.toString()).isFalse();

        // Unlimited: 5 more reach the end exactly; past it is refused, never a wrapped or failed counter.
        Api.Response unlimited = root.put("/api/v1/tenants/" + slug + "/overrides/max_users",
                Map.of("limit", -1, "reason", "Unlimited pilot"));
        assertThat(unlimited.status()).as(unlimited.toString()).isEqualTo(200);
        Api.Response beyond = root.post("/api/v1/entitlements/check",
                Map.of("tenant", slug, "metric", "max_users", "quantity", 10, "consume", true));
        assertThat(beyond.status()).as(beyond.toString()).isEqualTo(200);
        assertThat(beyond.json().get("allowed").asBoolean()).isFalse();
        Api.Response toTheEnd = root.post("/api/v1/entitlements/check",
                Map.of("tenant", slug, "metric", "max_users", "quantity", 5, "consume", true));
        assertThat(toTheEnd.json().get("allowed").asBoolean()).as(toTheEnd.toString()).isTrue();
        assertThat(toTheEnd.json().get("current").asLong()).isEqualTo(Long.MAX_VALUE);
        Api.Response past = root.post("/api/v1/entitlements/check",
                Map.of("tenant", slug, "metric", "max_users", "quantity", 1, "consume", true));
        assertThat(past.status()).as(past.toString()).isEqualTo(200);
        assertThat(past.json().get("allowed").asBoolean()).isFalse();

        // Recorded usage of a level past the end is refused as such, not as "below zero".
        problem(root.post("/api/v1/usage", Map.of("tenant", slug, "metric", "max_users", "quantity", 1,
                "idempotencyKey", "past-the-end")), 409, "counter-out-of-range");
        assertThat(jdbc.sql("select value from usage_levels where tenant_id = :t and metric = 'max_users'")
                .param("t", tenant).query(Long.class).single()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aCounterAtTheEndOfTheRangeSaturatesInsteadOfWrapping() {
        Api root = Api.asRoot(port);
        String slug = Fixtures.tenantOn(root, "starter").get("slug").asString();
        UUID tenant = jdbc.sql("select id from tenants where slug = :s").param("s", slug).query(UUID.class).single();
        JsonNode shipments = null;
        for (JsonNode u : root.get("/api/v1/tenants/" + slug + "/usage?size=500").json().get("items")) {
            if (u.get("metric").asString().equals("max_shipments")) {
                shipments = u;
            }
        }
        assertThat(shipments).isNotNull();
        jdbc.sql("insert into usage_counters (tenant_id, metric, period_start, period_end, value, updated_at) "
                + "values (:t, 'max_shipments', cast(:start as date), cast(:end as date), :v, now())")
                .param("t", tenant).param("start", shipments.get("periodStart").asString())
                .param("end", shipments.get("periodEnd").asString()).param("v", Long.MAX_VALUE - 5).update();

        Api.Response recorded = root.post("/api/v1/usage", Map.of("tenant", slug, "metric", "max_shipments",
                "quantity", 10, "idempotencyKey", "to-the-end"));
        assertThat(recorded.status()).as(recorded.toString()).isEqualTo(201);
        assertThat(jdbc.sql("select value from usage_counters where tenant_id = :t and metric = 'max_shipments'")
                .param("t", tenant).query(Long.class).single()).isEqualTo(Long.MAX_VALUE);
        Api.Response check = root.post("/api/v1/entitlements/check",
                Map.of("tenant", slug, "metric", "max_shipments", "quantity", 1, "consume", true));
        assertThat(check.status()).as(check.toString()).isEqualTo(200);
        assertThat(check.json().get("allowed").asBoolean()).isFalse();
    }

    @Test
    void aCreditPastTheLargestBalanceIsUnprocessableAndChangesNothing() {
        Api root = Api.asRoot(port);
        String slug = Fixtures.tenantOn(root, "starter").get("slug").asString();
        UUID tenant = jdbc.sql("select id from tenants where slug = :s").param("s", slug).query(UUID.class).single();
        // What 1000 credits of the largest movement (999,999,999,999.99, under 10^12) leave: 999,999,999,999,990.00,
        // written as one consistent ledger row instead of a thousand requests.
        jdbc.sql("""
                insert into wallet_transactions (tenant_id, id, seq, type, amount, balance_after, currency, reference,
                                                 description, created_by, created_at)
                values (:t, gen_random_uuid(), 1, 'manual_credit', 999999999999990.00, 999999999999990.00, 'USD',
                        'big-fill', 'Filling the wallet', 'test', now())
                """).param("t", tenant).update();
        jdbc.sql("update wallets set balance = 999999999999990.00, transactions = 1 where tenant_id = :t")
                .param("t", tenant).update();
        // One more largest movement would pass numeric(19,4)'s 999,999,999,999,999.9999.
        JsonNode refused = problem(root.post("/api/v1/tenants/" + slug + "/wallet/credits",
                Map.of("amount", "999999999999.99", "reason", "One too many", "reference", "big-1000")), 422,
                "balance-out-of-range");
        assertThat(refused.get("detail").asString()).contains("999999999999999.9999");
        JsonNode wallet = root.get("/api/v1/tenants/" + slug + "/wallet").json();
        assertThat(wallet.toString()).contains("999999999999990.00");
        // 9.99 still fits: 999,999,999,999,999.99.
        assertThat(root.post("/api/v1/tenants/" + slug + "/wallet/credits",
                Map.of("amount", "9.99", "reason", "Fits", "reference", "small")).status()).isEqualTo(201);
    }

    @Test
    void amountsAreStrictDecimals() {
        Api root = Api.asRoot(port);
        String slug = Fixtures.tenantOn(root, "starter").get("slug").asString();
        String credits = "/api/v1/tenants/" + slug + "/wallet/credits";
        for (String amount : List.of(" 5 ", "+5", "1E2", "5.", ".5", "5,00", "0x10", "NaN", "Infinity")) {
            invalid(root.post(credits, Map.of("amount", amount, "reason", "Strict", "reference", "s-" + amount)),
                    "amount");
        }
        invalid(root.post(credits, "{\"amount\": 1E2, \"reason\": \"Strict\", \"reference\": \"s-exp\"}"), "amount");
        assertThat(root.post(credits, Map.of("amount", "5.00", "reason", "Strict", "reference", "s-ok")).status())
                .isEqualTo(201);
        assertThat(root.post(credits, "{\"amount\": 5, \"reason\": \"Strict\", \"reference\": \"s-int\"}").status())
                .isEqualTo(201);
        // 5.00 + 5 = 10.00, and none of the refused ones moved anything.
        assertThat(root.get("/api/v1/tenants/" + slug + "/wallet").json().toString()).contains("\"10.00\"");
    }

    // ---------------------------------------------------------------------------------------------- audit

    @Test
    void theAuditTypeFilterTakesUnderscoreAndPercentLiterallyAndStarAsTheWildcard() {
        Api root = Api.asRoot(port);
        Fixtures.plan(root); // at least one plan.created event
        assertThat(total(root, "plan.*")).isPositive();
        assertThat(total(root, "*.created")).isPositive();
        assertThat(total(root, "p*n.created")).isEqualTo(total(root, "plan.created"));
        // As LIKE patterns "plan_*" and "plan%*" would match "plan.created"; taken literally nothing is named so.
        assertThat(total(root, "plan_*")).isZero();
        assertThat(total(root, "plan%25*")).isZero();
        assertThat(total(root, "%25")).isZero();
        JsonNode created = root.get("/api/v1/audit-events?type=*.created&size=500").json();
        created.get("items").forEach(e -> assertThat(e.get("type").asString()).endsWith(".created"));
    }

    private static long total(Api api, String type) {
        Api.Response r = api.get("/api/v1/audit-events?type=" + type);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("totalItems").asLong();
    }

    // ------------------------------------------------------------------------------ permission, limits, error

    @Test
    void aKeyWithoutThePermissionGets403WhateverTheBody() {
        Api root = Api.asRoot(port);
        Api reader = Api.anonymous(port).withBearer(Fixtures.apiKey(root, "tenants.read"));
        for (Object body : List.of("{\"name\": ", Map.of("name", 5), Map.of("unknown", true), "\"x\"")) {
            JsonNode refused = problem(reader.post("/api/v1/staff", body), 403, "forbidden");
            assertThat(refused.get("permission").asString()).isEqualTo("staff.manage");
            assertThat(refused.get("detail").asString()).contains("staff.manage");
        }
        String slug = Fixtures.tenantOn(root, "starter").get("slug").asString();
        JsonNode refused = problem(reader.post("/api/v1/tenants/" + slug + "/wallet/credits",
                Map.of("amount", "not money")), 403, "forbidden");
        assertThat(refused.get("permission").asString()).isEqualTo("saas.wallets.manage");
        // Even a NUL, which every endpoint refuses, is not looked at before the permission.
        problem(reader.post("/api/v1/staff", Map.of("name", "a" + NUL)), 403, "forbidden");
    }

    @Test
    void aReasonTheWalletAcceptsIsAcceptedOnTheInvoiceThatRecordsIt() {
        Api root = Api.asRoot(port);
        String slug = Fixtures.tenantOn(root, "starter").get("slug").asString();
        String credits = "/api/v1/tenants/" + slug + "/wallet/credits";
        String longest = "r".repeat(TextLimits.REASON);
        Api.Response credited = root.post(credits, Map.of("amount", "3.00", "reason", longest, "reference", "long"));
        assertThat(credited.status()).as(credited.toString()).isEqualTo(201);
        JsonNode invoices = root.get("/api/v1/tenants/" + slug + "/invoices?type=adjustment").json();
        assertThat(invoices.toString()).contains(longest);
        invalid(root.post(credits, Map.of("amount", "3.00", "reason", longest + "r", "reference", "longer")),
                "reason");
    }

    @Test
    void theErrorPageAskedForDirectlyIsNotAFailure() {
        for (Api api : List.of(Api.anonymous(port), Api.asRoot(port))) {
            for (String method : List.of("GET", "POST")) {
                Api.Response response = api.send(method, "/error", null);
                assertThat(response.status()).as(response.toString()).isLessThan(500);
                assertThat(response.contentType()).startsWith("application/problem+json");
            }
        }
        problem(Api.anonymous(port).get("/error"), 404, "not-found");
    }
}
