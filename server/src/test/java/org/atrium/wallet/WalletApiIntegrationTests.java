package org.atrium.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.wallet.WalletFixtures.newTenant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.wallet.WalletFixtures.CreatedTenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

@AtriumIntegrationTest
class WalletApiIntegrationTests {

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
    void creditReturns201ThenTheSameBodyWith200WhenTheReferenceIsRepeated() {
        CreatedTenant tenant = newTenant(api, "wapi-credit");
        String path = "/api/v1/tenants/" + tenant.slug() + "/wallet/credits";
        Map<String, Object> body = Map.of("amount", "100.00", "reason", "Courtesy credit", "reference", "crm-4411");

        Api.Response first = api.post(path, body);
        Api.Response again = api.post(path, body);

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        JsonNode created = first.json();
        assertThat(created.get("reference").asString()).isEqualTo("crm-4411");
        assertThat(created.get("type").asString()).isEqualTo("manual_credit");
        assertThat(created.get("amount").asString()).isEqualTo("100.00");
        assertThat(created.get("balanceAfter").asString()).isEqualTo("100.00");
        assertThat(created.get("description").asString()).isEqualTo("Courtesy credit");
        assertThat(created.get("currency").asString()).hasSize(3);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(created);

        JsonNode wallet = api.get("/api/v1/tenants/" + tenant.slug() + "/wallet").json();
        assertThat(wallet.get("balance").asString()).isEqualTo("100.00");
        assertThat(wallet.get("transactions").asLong()).isEqualTo(1);
    }

    @Test
    void amountMayBeAJsonNumberAndDebitsMayGoBelowZero() {
        CreatedTenant tenant = newTenant(api, "wapi-debit");

        Api.Response credit = api.send("POST", "/api/v1/tenants/" + tenant.slug() + "/wallet/credits",
                "{\"amount\": 10.5, \"reason\": \"Goodwill\", \"reference\": \"n-1\"}");
        Api.Response debit = api.send("POST", "/api/v1/tenants/" + tenant.slug() + "/wallet/debits",
                "{\"amount\": 12.75, \"reason\": \"Setup fee\", \"reference\": \"n-2\"}");

        assertThat(credit.status()).as(credit.toString()).isEqualTo(201);
        assertThat(credit.json().get("amount").asString()).isEqualTo("10.50");
        assertThat(debit.status()).as(debit.toString()).isEqualTo(201);
        assertThat(debit.json().get("type").asString()).isEqualTo("manual_debit");
        assertThat(debit.json().get("amount").asString()).isEqualTo("-12.75");
        assertThat(debit.json().get("balanceAfter").asString()).isEqualTo("-2.25");

        JsonNode page = api.get("/api/v1/tenants/" + tenant.slug() + "/wallet/transactions?size=10").json();
        assertThat(page.get("totalItems").asLong()).isEqualTo(2);
        assertThat(page.get("items").get(0).get("reference").asString()).isEqualTo("n-2");
        assertThat(page.get("page").asInt()).isZero();
        JsonNode debits = api.get("/api/v1/tenants/" + tenant.slug() + "/wallet/transactions?type=manual_debit").json();
        assertThat(debits.get("totalItems").asLong()).isEqualTo(1);
    }

    @Test
    void badInputIsAClear4xxAndChangesNothing() {
        CreatedTenant tenant = newTenant(api, "wapi-bad");
        String credits = "/api/v1/tenants/" + tenant.slug() + "/wallet/credits";
        String debits = "/api/v1/tenants/" + tenant.slug() + "/wallet/debits";
        assertThat(api.post(credits, Map.of("amount", "20.00", "reason", "Start", "reference", "used")).status())
                .isEqualTo(201);
        String currency = api.get("/api/v1/tenants/" + tenant.slug() + "/wallet").json().get("currency").asString();
        String otherCurrency = currency.equals("EUR") ? "USD" : "EUR";
        Snapshot before = snapshot(tenant);

        expect(api.post(credits, movement("0", "r-zero")), 400, "amount");
        expect(api.post(credits, movement("-5.00", "r-negative")), 400, "amount");
        expect(api.post(debits, movement("-5.00", "r-negative-debit")), 400, "amount");
        expect(api.post(credits, movement("1.001", "r-decimals")), 400, "amount");
        expect(api.send("POST", credits, "{\"amount\": 1.001, \"reason\": \"x\", \"reference\": \"r-decimals-number\"}"),
                400, "amount");
        expect(api.post(credits, movement("abc", "r-text")), 400, "amount");
        expect(api.post(credits, with(movement("1.00", "r-currency"), "currency", "XQZ")), 400, "currency");
        expect(api.post(credits, with(movement("1.00", "r-other"), "currency", otherCurrency)), 400, "currency");
        expect(api.post(credits, Map.of("amount", "1.00", "reference", "r-no-reason")), 400, "reason");
        expect(api.post(credits, Map.of("amount", "1.00", "reason", "x")), 400, "reference");
        expect(api.post(credits, Map.of("reason", "x", "reference", "r-no-amount")), 400, "amount");
        expect(api.post(credits, with(movement("1.00", "r-unknown"), "amont", "1.00")), 400, "amont");
        Api.Response conflict = api.post(credits, movement("20.01", "used"));
        assertThat(conflict.status()).as(conflict.toString()).isEqualTo(409);
        assertThat(conflict.json().get("type").asString()).isEqualTo("/problems/reference-conflict");
        assertThat(conflict.contentType()).startsWith("application/problem+json");
        assertThat(api.post(debits, movement("20.00", "used")).status()).isEqualTo(409);

        assertThat(snapshot(tenant)).isEqualTo(before);
        assertThat(api.post("/api/v1/tenants/no-such-tenant-x/wallet/credits", movement("1.00", "r")).status())
                .isEqualTo(404);
    }

    @Test
    void readsNeedTenantsReadAndWritesNeedTheWalletPermission() {
        CreatedTenant tenant = newTenant(api, "wapi-perm");
        String reader = api.post("/api/v1/api-keys", Map.of("name", "reader", "permissions", List.of("tenants.read")))
                .json().get("secret").asString();
        Api asReader = Api.anonymous(port).withBearer(reader);

        assertThat(asReader.get("/api/v1/tenants/" + tenant.slug() + "/wallet").status()).isEqualTo(200);
        assertThat(asReader.get("/api/v1/wallets/verify").status()).isEqualTo(200);
        assertThat(asReader.post("/api/v1/tenants/" + tenant.slug() + "/wallet/credits", movement("1.00", "p-1"))
                .status()).isEqualTo(403);
        assertThat(Api.anonymous(port).get("/api/v1/tenants/" + tenant.slug() + "/wallet").status()).isEqualTo(401);
        assertThat(api.get("/api/v1/tenants/" + tenant.slug() + "/wallet").json().get("transactions").asLong())
                .isZero();
    }

    @Test
    void verifyReportsEveryWalletHealthy() {
        newTenant(api, "wapi-verify");
        JsonNode verification = api.get("/api/v1/wallets/verify").json();
        assertThat(verification.get("valid").asBoolean()).as(verification.toString()).isTrue();
        assertThat(verification.get("discrepancies")).isEmpty();
    }

    private static Map<String, Object> movement(String amount, String reference) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", amount);
        body.put("reason", "Test");
        body.put("reference", reference);
        return body;
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    private static void expect(Api.Response response, int status, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().has("errors") && response.json().get("errors").has(field)).as(response.toString())
                .isTrue();
    }

    record Snapshot(String balance, long ledgerRows, long auditRows, long invoices) {
    }

    private Snapshot snapshot(CreatedTenant tenant) {
        var t = tenant.id().value();
        return new Snapshot(
                jdbc.sql("select balance::text from wallets where tenant_id = :t").param("t", t).query(String.class)
                        .single(),
                jdbc.sql("select count(*) from wallet_transactions where tenant_id = :t").param("t", t)
                        .query(Long.class).single(),
                jdbc.sql("select count(*) from audit_events where tenant_id = :t").param("t", t).query(Long.class)
                        .single(),
                0);
    }
}
