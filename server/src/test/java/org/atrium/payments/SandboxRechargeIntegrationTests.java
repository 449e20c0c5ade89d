package org.atrium.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.payments.PaymentFixtures.newTenant;
import static org.atrium.payments.PaymentFixtures.sessionEvent;
import static org.atrium.payments.PaymentFixtures.stripeSignature;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.atrium.payments.PaymentFixtures.CreatedTenant;
import org.atrium.platform.secrets.Secrets;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * Recharges through Atrium's own sandbox gateway, end to end over HTTP: the hosted page, its Stripe-signed webhooks,
 * the return callback, and what the wallet and billing make of the credit.
 */
@AtriumIntegrationTest
class SandboxRechargeIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Secrets secrets;

    Api api;

    @BeforeEach
    void setUp() {
        api = Api.asRoot(port);
    }

    @Test
    void payingOnTheHostedPageCreditsTheWalletOnceWithAPaidRechargeInvoice() {
        CreatedTenant tenant = newTenant(api, "pay-happy");
        JsonNode recharge = start(tenant, "50.00");
        assertThat(recharge.get("status").asString()).isEqualTo("pending");
        assertThat(recharge.get("gateway").asString()).isEqualTo("sandbox");
        assertThat(recharge.get("amount").asString()).isEqualTo("50.00");
        assertThat(recharge.get("currency").asString()).isEqualTo("USD");
        String reference = recharge.get("reference").asString();
        assertThat(reference).startsWith("rch_").hasSize(4 + 32 + 12 + 24);

        Api.Response page = api.get(path(recharge.get("checkoutUrl").asString()));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("50.00").contains("USD").contains("Tenant " + tenant.slug())
                .contains("Pay").contains("Decline").contains("Pay later");

        Api.Response paid = Api.anonymous(port).post(path(recharge.get("checkoutUrl").asString()) + "/pay");
        assertThat(paid.status()).isEqualTo(303);
        assertThat(paid.header("Location")).endsWith("/payments/return/" + reference);
        Api.Response back = Api.anonymous(port).get(path(paid.header("Location")));
        assertThat(back.status()).isEqualTo(303);
        assertThat(back.header("Location")).isEqualTo("http://localhost:8080/portal/billing?recharge=" + reference
                + "&status=paid");

        assertThat(rechargeOf(tenant, reference).get("status").asString()).isEqualTo("paid");
        assertThat(balance(tenant)).isEqualTo("50.00");
        JsonNode ledger = api.get("/api/v1/tenants/" + tenant.slug() + "/wallet/transactions?reference="
                + reference).json();
        assertThat(ledger.get("totalItems").asLong()).isEqualTo(1);
        assertThat(ledger.get("items").get(0).get("type").asString()).isEqualTo("recharge");
        JsonNode invoices = api.get("/api/v1/tenants/" + tenant.slug() + "/invoices").json();
        List<String> rechargeInvoices = new ArrayList<>();
        invoices.get("items").forEach(i -> {
            if (i.get("type").asString().equals("recharge")) {
                rechargeInvoices.add(i.get("status").asString() + " " + i.get("total").asString());
            }
        });
        assertThat(rechargeInvoices).containsExactly("paid 50.00");
    }

    @Test
    void theSameWebhookThreeTimesAndTheCallbackCreditOnce() {
        CreatedTenant tenant = newTenant(api, "pay-replay");
        JsonNode recharge = start(tenant, "20.00");
        String reference = recharge.get("reference").asString();
        markSandboxPaid(reference);
        String body = sessionEvent("evt_" + UUID.randomUUID(), "checkout.session.completed", session(reference),
                reference, 2000, "usd", "paid", "2024-06-20");

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(webhook(body, signature(body, now())).status());
        }
        Api.anonymous(port).get("/payments/return/" + reference);

        assertThat(statuses).containsExactly(200, 200, 200);
        assertThat(balance(tenant)).isEqualTo("20.00");
        JsonNode stored = api.get("/api/v1/payments/webhook-events?gateway=sandbox&size=500").json();
        int attempts = 0;
        for (JsonNode e : stored.get("items")) {
            if (e.path("reference").asString("").equals(reference) && e.get("type").asString()
                    .equals("checkout.session.completed") && !e.get("eventId").asString().startsWith("evt_sandbox")) {
                attempts = e.get("attempts").asInt();
                assertThat(e.get("verification").asString()).isEqualTo("verified");
            }
        }
        assertThat(attempts).isEqualTo(3);
    }

    @Test
    void aWebhookIsNotTrustedWithoutTheGatewaysWord() {
        CreatedTenant tenant = newTenant(api, "pay-word");
        String reference = start(tenant, "20.00").get("reference").asString();
        // The session is still open at the gateway: a signed "completed" event alone credits nothing.
        String body = sessionEvent("evt_" + UUID.randomUUID(), "checkout.session.completed", session(reference),
                reference, 2000, "usd", "paid", "2024-06-20");

        assertThat(webhook(body, signature(body, now())).status()).isEqualTo(200);
        assertThat(rechargeOf(tenant, reference).get("status").asString()).isEqualTo("pending");
        assertThat(balance(tenant)).isEqualTo("0.00");
    }

    @Test
    void badSignaturesAreRefusedStoredAndAuditedAndChangeNothing() {
        CreatedTenant tenant = newTenant(api, "pay-sig");
        String reference = start(tenant, "30.00").get("reference").asString();
        markSandboxPaid(reference);
        String body = sessionEvent("evt_" + UUID.randomUUID(), "checkout.session.completed", session(reference),
                reference, 3000, "usd", "paid", "2024-06-20");
        long auditBefore = count("select count(*) from audit_events where event_type = 'payments.webhook.rejected'");

        JsonNode tampered = Fixtures.problem(webhook(body.replace("3000", "300000"), signature(body, now())), 400,
                "webhook-signature");
        JsonNode wrongSecret = Fixtures.problem(webhook(body, stripeSignature(body, "whsec_wrong", now())), 400,
                "webhook-signature");
        // 10 minutes old: outside the 5-minute tolerance
        JsonNode stale = Fixtures.problem(webhook(body, signature(body, now() - 600)), 400, "webhook-signature");
        JsonNode missing = Fixtures.problem(Api.anonymous(port).sendRaw("POST", "/webhooks/sandbox",
                "application/json", body.getBytes(StandardCharsets.UTF_8), false), 400, "webhook-signature");

        assertThat(tampered.get("verification").asString()).isEqualTo("bad_signature");
        assertThat(wrongSecret.get("verification").asString()).isEqualTo("bad_signature");
        assertThat(stale.get("verification").asString()).isEqualTo("stale_timestamp");
        assertThat(missing.get("verification").asString()).isEqualTo("missing_signature");
        assertThat(rechargeOf(tenant, reference).get("status").asString()).isEqualTo("pending");
        assertThat(balance(tenant)).isEqualTo("0.00");
        assertThat(count("select count(*) from audit_events where event_type = 'payments.webhook.rejected'"))
                .isEqualTo(auditBefore + 4);
        assertThat(count("select count(*) from payment_webhook_events where result = 'rejected' and body like '%"
                + reference + "%'")).isEqualTo(4);
    }

    @Test
    void anAmountTheGatewayReportsDifferentlyIsFlaggedNotCredited() {
        CreatedTenant tenant = newTenant(api, "pay-flag");
        JsonNode recharge = start(tenant, "50.00");
        String reference = recharge.get("reference").asString();
        // The gateway's record says 40.00: what the payer really paid.
        jdbc.sql("update sandbox_checkout_sessions set amount = 40 where reference = :r").param("r", reference)
                .update();

        Api.anonymous(port).post(path(recharge.get("checkoutUrl").asString()) + "/pay");

        JsonNode after = rechargeOf(tenant, reference);
        assertThat(after.get("status").asString()).isEqualTo("flagged");
        assertThat(after.get("flagReason").asString()).contains("40.00").contains("50.00");
        assertThat(balance(tenant)).isEqualTo("0.00");
        JsonNode flagged = api.get("/api/v1/recharges/flagged?size=500").json();
        List<String> references = new ArrayList<>();
        flagged.get("items").forEach(i -> references.add(i.get("reference").asString()));
        assertThat(references).contains(reference);
        assertThat(count("select count(*) from audit_events where event_type = 'payments.recharge.flagged' and target = '"
                + reference + "'")).isEqualTo(1);
    }

    @Test
    void unknownEventTypesAreAcceptedAndIgnored() {
        String body = "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"object\":\"event\",\"type\":\"customer.created\","
                + "\"data\":{\"object\":{\"id\":\"cus_1\"}}}";

        Api.Response response = webhook(body, signature(body, now()));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("result").asString()).isEqualTo("ignored");
    }

    @Test
    void aFailureAfterASuccessLeavesTheRechargePaid() {
        CreatedTenant tenant = newTenant(api, "pay-order");
        JsonNode recharge = start(tenant, "25.00");
        String reference = recharge.get("reference").asString();
        Api.anonymous(port).post(path(recharge.get("checkoutUrl").asString()) + "/pay");
        String failed = sessionEvent("evt_" + UUID.randomUUID(), "checkout.session.async_payment_failed",
                session(reference), reference, 2500, "usd", "unpaid", "2024-06-20");

        assertThat(webhook(failed, signature(failed, now())).status()).isEqualTo(200);

        assertThat(rechargeOf(tenant, reference).get("status").asString()).isEqualTo("paid");
        assertThat(balance(tenant)).isEqualTo("25.00");
    }

    @Test
    void declineFailsAndPayLaterSettlesLater() {
        CreatedTenant tenant = newTenant(api, "pay-later");
        JsonNode declined = start(tenant, "10.00");
        Api.Response back = Api.anonymous(port).post(path(declined.get("checkoutUrl").asString()) + "/decline");
        assertThat(back.header("Location")).endsWith("?cancelled=true");
        assertThat(rechargeOf(tenant, declined.get("reference").asString()).get("status").asString())
                .isEqualTo("failed");

        JsonNode later = start(tenant, "15.00");
        String checkout = path(later.get("checkoutUrl").asString());
        Api.anonymous(port).post(checkout + "/pay-later");
        assertThat(rechargeOf(tenant, later.get("reference").asString()).get("status").asString())
                .isEqualTo("pending");
        assertThat(api.get(checkout).body()).contains("Settle the delayed payment");
        Api.anonymous(port).post(checkout + "/settle");

        assertThat(rechargeOf(tenant, later.get("reference").asString()).get("status").asString()).isEqualTo("paid");
        assertThat(balance(tenant)).isEqualTo("15.00");
        assertThat(Api.anonymous(port).post(checkout + "/pay").status()).isEqualTo(409);
    }

    @Test
    void callbackAndWebhookFiredTogetherAHundredTimesCreditOnce() throws Exception {
        CreatedTenant tenant = newTenant(api, "pay-race");
        String reference = start(tenant, "42.00").get("reference").asString();
        markSandboxPaid(reference);
        int n = 100;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean callback = i % 2 == 0;
            String body = sessionEvent("evt_" + UUID.randomUUID(), "checkout.session.completed", session(reference),
                    reference, 4200, "usd", "paid", "2024-06-20");
            String signature = signature(body, now());
            results.add(pool.submit(() -> {
                go.await();
                return callback ? Api.anonymous(port).get("/payments/return/" + reference).status()
                        : webhook(body, signature).status();
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : results) {
            statuses.add(f.get());
        }
        pool.shutdown();

        assertThat(statuses).allMatch(s -> s == 200 || s == 303);
        assertThat(balance(tenant)).isEqualTo("42.00");
        assertThat(count("select count(*) from wallet_transactions where reference = '" + reference + "'"))
                .isEqualTo(1);
        assertThat(count("select count(*) from invoices where idempotency_key = '" + reference + "'")).isEqualTo(1);
    }

    @Test
    void badRechargeRequestsAreProblemsAndStoreNothing() {
        CreatedTenant tenant = newTenant(api, "pay-bad");
        String path = "/api/v1/tenants/" + tenant.slug() + "/recharges";

        Fixtures.invalid(api.post(path, Map.of("amount", "0", "returnUrl", "/portal")), "amount");
        Fixtures.invalid(api.post(path, Map.of("amount", "-5.00")), "amount");
        Fixtures.invalid(api.post(path, Map.of("amount", "10.001")), "amount");
        Fixtures.invalid(api.post(path, Map.of("amount", "4.99")), "amount"); // minimum 5.00
        Fixtures.invalid(api.post(path, Map.of("amount", "10000.01")), "amount"); // maximum 10,000.00
        Fixtures.invalid(api.post(path, Map.of()), "amount");
        Fixtures.problem(api.post(path, Map.of("amount", "10.00", "gateway", "bitcoin")), 400, "unknown-gateway");
        Fixtures.problem(api.post(path, Map.of("amount", "10.00", "gateway", "stripe")), 400,
                "gateway-not-configured");
        Fixtures.invalid(api.post(path, Map.of("amount", "10.00", "returnUrl", "https://evil.example/phish")),
                "returnUrl");
        Fixtures.invalid(api.post(path, Map.of("amount", "10.00", "returnUrl", "//evil.example/phish")),
                "returnUrl");
        Fixtures.invalid(api.post(path, Map.of("amount", "10.00", "returnUrl",
                "http://localhost:8080@evil.example/")), "returnUrl");
        Fixtures.problem(api.post(path, Map.of("amount", "10.00", "surprise", true)), 400, "validation");
        assertThat(count("select count(*) from recharges where tenant_id = '" + tenant.id() + "'")).isZero();

        assertThat(api.delete("/api/v1/tenants/" + tenant.slug()).status()).isIn(200, 204);
        Fixtures.problem(api.post(path, Map.of("amount", "10.00")), 404, "not-found");
        assertThat(count("select count(*) from recharges where tenant_id = '" + tenant.id() + "'")).isZero();
    }

    @Test
    void staffListAndReprocessStoredWebhooksWithoutASecondCredit() {
        CreatedTenant tenant = newTenant(api, "pay-reprocess");
        String reference = start(tenant, "12.00").get("reference").asString();
        String body = sessionEvent("evt_" + UUID.randomUUID(), "checkout.session.completed", session(reference),
                reference, 1200, "usd", "paid", "2024-06-20");
        // Received while the gateway still had the session open: processed, nothing credited.
        String id = webhook(body, signature(body, now())).json().get("id").asString();
        assertThat(balance(tenant)).isEqualTo("0.00");
        markSandboxPaid(reference);

        Api.Response first = api.post("/api/v1/payments/webhook-events/" + id + "/reprocess");
        Api.Response second = api.post("/api/v1/payments/webhook-events/" + id + "/reprocess");

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(balance(tenant)).isEqualTo("12.00");
        JsonNode event = api.get("/api/v1/payments/webhook-events/" + id).json();
        assertThat(event.get("body").asString()).isEqualTo(body);
        assertThat(event.get("headers").get("stripe-signature").asString()).startsWith("t=");
        String reader = Fixtures.apiKey(api, "tenants.read");
        assertThat(Api.anonymous(port).withBearer(reader).get("/api/v1/payments/webhook-events").status())
                .isEqualTo(403);
    }

    @Test
    void refundsGoThroughTheGatewayAndTakeTheMoneyOnceDespiteItsWebhook() {
        CreatedTenant tenant = newTenant(api, "pay-refund");
        JsonNode recharge = start(tenant, "60.00");
        String reference = recharge.get("reference").asString();
        Api.anonymous(port).post(path(recharge.get("checkoutUrl").asString()) + "/pay");
        String refund = "/api/v1/tenants/" + tenant.slug() + "/recharges/" + reference + "/refund";

        Fixtures.invalid(api.post(refund, Map.of("amount", "10.00", "reference", "r-1")), "reason");
        Api.Response partial = api.post(refund, Map.of("amount", "25.00", "reason", "Asked by the customer",
                "reference", "r-1"));
        Api.Response again = api.post(refund, Map.of("amount", "25.00", "reason", "Asked by the customer",
                "reference", "r-1"));
        Fixtures.problem(api.post(refund, Map.of("amount", "35.01", "reason", "Too much", "reference", "r-2")), 409,
                "refund-exceeds-paid");

        assertThat(partial.status()).as(partial.toString()).isEqualTo(200);
        assertThat(partial.json().get("refunded").asString()).isEqualTo("25.00");
        assertThat(partial.json().get("status").asString()).isEqualTo("paid");
        assertThat(again.json().get("refunded").asString()).isEqualTo("25.00");
        // 60.00 credited − 25.00 refunded = 35.00
        assertThat(balance(tenant)).isEqualTo("35.00");

        Api.Response rest = api.post(refund, Map.of("reason", "Closing the account", "reference", "r-3"));
        assertThat(rest.json().get("refunded").asString()).isEqualTo("60.00");
        assertThat(rest.json().get("status").asString()).isEqualTo("refunded");
        assertThat(balance(tenant)).isEqualTo("0.00");
        assertThat(count("select count(*) from recharge_refunds where recharge_reference = '" + reference + "'"))
                .isEqualTo(2);
        // Two refund debits of the wallet (25.00 and 35.00), each billed by a credit note against the recharge's
        // invoice, which now shows 60.00 refunded; nothing is a manual debit.
        String movements = "select type, amount from wallet_transactions where tenant_id = '" + tenant.id()
                + "' and type <> 'recharge' order by seq";
        assertThat(jdbc.sql(movements).query((rs, n) -> rs.getString(1) + " " + rs.getBigDecimal(2)
                .setScale(2)).list()).containsExactly("recharge_refund -25.00", "recharge_refund -35.00");
        String invoice = "(select number from invoices where tenant_id = '" + tenant.id() + "' and idempotency_key = '"
                + reference + "')";
        assertThat(jdbc.sql("select total from invoices where type = 'refund' and tenant_id = '" + tenant.id()
                + "' and refers_to = " + invoice + " order by issued_at, number").query((rs, n) -> rs.getBigDecimal(1)
                .setScale(2).toPlainString()).list()).containsExactly("-25.00", "-35.00");
        assertThat(jdbc.sql("select amount_refunded from invoices where number = " + invoice).query(
                java.math.BigDecimal.class).single()).isEqualByComparingTo("60.00");
        Fixtures.problem(api.post(refund, Map.of("amount", "1.00", "reason", "More", "reference", "r-4")), 409,
                "not-refundable");
    }

    @Test
    void tenantGatewaySecretsAreStoredSealedShownByTheirLastFourAndUsedForThatGateway() {
        CreatedTenant tenant = newTenant(api, "pay-settings");
        String path = "/api/v1/tenants/" + tenant.slug() + "/payment-settings";

        Api.Response put = api.put(path, Map.of("stripeSecretKey", "sk_live_51TenantOwnKey9876",
                "stripeWebhookSecret", "whsec_tenant_own_secret_4321"));

        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("stripeSecretKeyLastFour").asString()).isEqualTo("9876");
        assertThat(put.json().get("stripeWebhookSecretLastFour").asString()).isEqualTo("4321");
        assertThat(put.body()).doesNotContain("sk_live_51TenantOwnKey");
        String stored = jdbc.sql("select stripe_secret_key from payment_settings where tenant_id = :t")
                .param("t", tenant.id()).query(String.class).single();
        assertThat(stored).startsWith("v1:").doesNotContain("TenantOwnKey");
        assertThat(secrets.open(stored, "tenant:" + tenant.id() + ":stripe_secret_key"))
                .isEqualTo("sk_live_51TenantOwnKey9876");
        assertThat(api.post("/api/v1/secrets/reseal").status()).isEqualTo(200);

        Api.Response removed = api.put(path, Map.of("stripeSecretKey", ""));
        assertThat(removed.json().has("stripeSecretKeyLastFour")).isFalse();
        assertThat(removed.json().get("stripeWebhookSecretLastFour").asString()).isEqualTo("4321");
        assertThat(api.put(path, Map.of("stripeSecretKey", "x", "unknown", "y")).status()).isEqualTo(400);
    }

    // --- helpers ---

    private JsonNode start(CreatedTenant tenant, String amount) {
        Api.Response created = api.post("/api/v1/tenants/" + tenant.slug() + "/recharges",
                Map.of("amount", amount, "gateway", "sandbox", "returnUrl", "/portal/billing"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private JsonNode rechargeOf(CreatedTenant tenant, String reference) {
        return api.get("/api/v1/tenants/" + tenant.slug() + "/recharges/" + reference).json();
    }

    private String balance(CreatedTenant tenant) {
        return api.get("/api/v1/tenants/" + tenant.slug() + "/wallet").json().get("balance").asString();
    }

    /** What the payer's "Pay" does at the gateway, without its webhook: the gateway's record says paid. */
    private void markSandboxPaid(String reference) {
        jdbc.sql("update sandbox_checkout_sessions set status = 'paid', payment_id = 'pi_test' where reference = :r")
                .param("r", reference).update();
    }

    private String session(String reference) {
        return jdbc.sql("select id from sandbox_checkout_sessions where reference = :r").param("r", reference)
                .query(String.class).single();
    }

    private String signature(String body, long timestamp) {
        String sealed = jdbc.sql("select sealed from sandbox_gateway_secrets where name = 'webhook'")
                .query(String.class).single();
        return stripeSignature(body, secrets.open(sealed, "sandbox-gateway:webhook-secret"), timestamp);
    }

    private Api.Response webhook(String body, String signature) {
        return Api.anonymous(port).with("Stripe-Signature", signature).sendRaw("POST", "/webhooks/sandbox",
                "application/json", body.getBytes(StandardCharsets.UTF_8), false);
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static long now() {
        return java.time.Instant.now().getEpochSecond();
    }

    private static String path(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    @SuppressWarnings("unused")
    private static BigDecimal amount(String value) {
        return new BigDecimal(value);
    }
}
