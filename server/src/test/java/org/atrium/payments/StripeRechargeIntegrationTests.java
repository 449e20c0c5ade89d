package org.atrium.payments;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.payments.PaymentFixtures.newTenant;
import static org.atrium.payments.PaymentFixtures.sessionEvent;
import static org.atrium.payments.PaymentFixtures.stripeSignature;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.atrium.payments.PaymentFixtures.CreatedTenant;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import tools.jackson.databind.JsonNode;

/**
 * Stripe end to end against a local fake of its API on 127.0.0.1 (WireMock) that answers with Stripe's JSON shapes;
 * webhooks are signed here exactly as Stripe signs them, and Atrium's real Stripe client code (the official SDK)
 * talks to the fake through {@code ATRIUM_STRIPE_API_BASE}.
 */
@AtriumIntegrationTest
class StripeRechargeIntegrationTests {

    private static final String SECRET_KEY = "sk_test_51AtriumFakeKey0000000000";
    private static final String WEBHOOK_SECRET = "whsec_atrium_test_0123456789abcdef";
    private static final WireMockServer STRIPE = new WireMockServer(
            WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());

    static {
        STRIPE.start();
    }

    @DynamicPropertySource
    static void stripe(DynamicPropertyRegistry registry) {
        registry.add("atrium.payments.stripe.secret-key", () -> SECRET_KEY);
        registry.add("atrium.payments.stripe.webhook-secret", () -> WEBHOOK_SECRET);
        registry.add("atrium.payments.stripe.api-base", () -> "http://127.0.0.1:" + STRIPE.port());
        registry.add("atrium.payments.gateway-timeout", () -> "4s");
    }

    @AfterAll
    static void stop() {
        STRIPE.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Recharging recharging;

    Api api;

    @BeforeEach
    void setUp() {
        api = Api.asRoot(port);
        STRIPE.resetAll();
    }

    @Test
    void aPaidSessionCreditsOnceWhateverApiVersionItsEventCarries() {
        CreatedTenant tenant = newTenant(api, "stripe-happy");
        String sessionId = "cs_test_" + UUID.randomUUID().toString().replace("-", "");
        stubCreate(sessionId);
        JsonNode recharge = start(tenant, "50.00");
        String reference = recharge.get("reference").asString();
        assertThat(recharge.get("checkoutUrl").asString()).isEqualTo("https://checkout.stripe.com/c/pay/" + sessionId);

        // What Stripe received: our reference twice, 50.00 USD as 5000 cents, with our secret key.
        var created = STRIPE.findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))).get(0);
        String form = URLDecoder.decode(created.getBodyAsString(), StandardCharsets.UTF_8);
        assertThat(form).contains("client_reference_id=" + reference).contains("metadata[atrium_reference]="
                + reference).contains("line_items[0][price_data][unit_amount]=5000")
                .contains("line_items[0][price_data][currency]=usd").contains("mode=payment");
        assertThat(created.getHeader("Authorization")).isEqualTo("Bearer " + SECRET_KEY);
        assertThat(created.getHeader("Idempotency-Key")).isEqualTo(reference);

        stubSession(sessionId, reference, 5000, "usd", "paid", "complete");
        // An account pinned to an old API version, with fields this SDK does not know.
        String body = sessionEvent("evt_" + UUID.randomUUID(), "checkout.session.completed", sessionId, reference,
                5000, "usd", "paid", "2019-02-19").replace("\"livemode\":false", "\"livemode\":false,\"x_new\":1");
        for (int i = 0; i < 3; i++) {
            assertThat(webhook(body, stripeSignature(body, WEBHOOK_SECRET, now())).status()).isEqualTo(200);
        }
        Api.Response back = Api.anonymous(port).get("/payments/return/" + reference);

        assertThat(back.header("Location")).contains("status=paid");
        assertThat(rechargeOf(tenant, reference).get("status").asString()).isEqualTo("paid");
        assertThat(balance(tenant)).isEqualTo("50.00");
        STRIPE.verify(getRequestedFor(urlEqualTo("/v1/checkout/sessions/" + sessionId)));
    }

    @Test
    void aWrongSecretOrAStaleSignatureIsRefused() {
        CreatedTenant tenant = newTenant(api, "stripe-sig");
        String sessionId = "cs_test_" + UUID.randomUUID().toString().replace("-", "");
        stubCreate(sessionId);
        String reference = start(tenant, "10.00").get("reference").asString();
        stubSession(sessionId, reference, 1000, "usd", "paid", "complete");
        String body = sessionEvent("evt_" + UUID.randomUUID(), "checkout.session.completed", sessionId, reference,
                1000, "usd", "paid", "2024-06-20");

        Fixtures.problem(webhook(body, stripeSignature(body, "whsec_other", now())), 400, "webhook-signature");
        Fixtures.problem(webhook(body, stripeSignature(body, WEBHOOK_SECRET, now() - 301)), 400,
                "webhook-signature");
        Fixtures.problem(webhook(body.replace("1000", "100000"), stripeSignature(body, WEBHOOK_SECRET, now())), 400,
                "webhook-signature");

        assertThat(balance(tenant)).isEqualTo("0.00");
        STRIPE.verify(0, getRequestedFor(urlEqualTo("/v1/checkout/sessions/" + sessionId)));
    }

    @Test
    void aGatewayTimeoutCreditsNothingAndTheRetryCreditsOnceStripeAnswers() {
        CreatedTenant tenant = newTenant(api, "stripe-timeout");
        String sessionId = "cs_test_" + UUID.randomUUID().toString().replace("-", "");
        stubCreate(sessionId);
        String reference = start(tenant, "30.00").get("reference").asString();
        // Stripe takes 6 s to answer; Atrium waits 4 s.
        STRIPE.stubFor(get(urlEqualTo("/v1/checkout/sessions/" + sessionId)).willReturn(
                sessionResponse(sessionId, reference, 3000, "usd", "paid", "complete").withFixedDelay(6000)));
        String body = sessionEvent("evt_" + UUID.randomUUID(), "checkout.session.completed", sessionId, reference,
                3000, "usd", "paid", "2024-06-20");

        Api.Response response = webhook(body, stripeSignature(body, WEBHOOK_SECRET, now()));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("result").asString()).isEqualTo("retrying");
        assertThat(balance(tenant)).isEqualTo("0.00");
        assertThat(jdbc.sql("select next_confirm_at is not null from recharges where reference = :r")
                .param("r", reference).query(Boolean.class).single()).isTrue();

        stubSession(sessionId, reference, 3000, "usd", "paid", "complete");
        jdbc.sql("update recharges set next_confirm_at = :past where reference = :r")
                .param("past", Timestamp.from(Instant.now().minusSeconds(1))).param("r", reference).update();
        recharging.retryConfirmations();
        recharging.retryConfirmations();

        assertThat(rechargeOf(tenant, reference).get("status").asString()).isEqualTo("paid");
        assertThat(balance(tenant)).isEqualTo("30.00");
        assertThat(jdbc.sql("select next_confirm_at is null from recharges where reference = :r")
                .param("r", reference).query(Boolean.class).single()).isTrue();
    }

    @Test
    void anExpiredSessionClosesTheRechargeAndAMismatchedOneIsFlagged() {
        CreatedTenant tenant = newTenant(api, "stripe-close");
        String expiredSession = "cs_test_" + UUID.randomUUID().toString().replace("-", "");
        stubCreate(expiredSession);
        String expired = start(tenant, "10.00").get("reference").asString();
        stubSession(expiredSession, expired, 1000, "usd", "unpaid", "expired");
        String body = sessionEvent("evt_" + UUID.randomUUID(), "checkout.session.expired", expiredSession, expired,
                1000, "usd", "unpaid", "2024-06-20");
        webhook(body, stripeSignature(body, WEBHOOK_SECRET, now()));

        String euroSession = "cs_test_" + UUID.randomUUID().toString().replace("-", "");
        stubCreate(euroSession);
        String euro = start(tenant, "10.00").get("reference").asString();
        stubSession(euroSession, euro, 1000, "eur", "paid", "complete"); // the same number, another currency
        Api.anonymous(port).get("/payments/return/" + euro);

        assertThat(rechargeOf(tenant, expired).get("status").asString()).isEqualTo("expired");
        assertThat(rechargeOf(tenant, euro).get("status").asString()).isEqualTo("flagged");
        assertThat(rechargeOf(tenant, euro).get("flagReason").asString()).contains("EUR");
        assertThat(balance(tenant)).isEqualTo("0.00");
    }

    @Test
    void aRefundGoesToStripeAndItsWebhookTakesNothingMore() {
        CreatedTenant tenant = newTenant(api, "stripe-refund");
        String sessionId = "cs_test_" + UUID.randomUUID().toString().replace("-", "");
        stubCreate(sessionId);
        String reference = start(tenant, "40.00").get("reference").asString();
        stubSession(sessionId, reference, 4000, "usd", "paid", "complete");
        Api.anonymous(port).get("/payments/return/" + reference);
        assertThat(balance(tenant)).isEqualTo("40.00");
        STRIPE.stubFor(post(urlEqualTo("/v1/refunds")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"id":"re_test_1","object":"refund","amount":1500,"currency":"usd",\
                        "payment_intent":"pi_test_1","status":"succeeded"}""")));

        Api.Response refunded = api.post("/api/v1/tenants/" + tenant.slug() + "/recharges/" + reference + "/refund",
                Map.of("amount", "15.00", "reason", "Duplicate purchase", "reference", "crm-77"));
        String webhookBody = """
                {"id":"evt_%s","object":"event","api_version":"2024-06-20","type":"charge.refunded",\
                "data":{"object":{"id":"ch_test_1","object":"charge","payment_intent":"pi_test_1","currency":"usd",\
                "amount_refunded":1500,"metadata":{"atrium_reference":"%s"},\
                "refunds":{"object":"list","data":[{"id":"re_test_1","object":"refund","amount":1500}]}}}}"""
                .formatted(UUID.randomUUID(), reference);
        Api.Response hook = webhook(webhookBody, stripeSignature(webhookBody, WEBHOOK_SECRET, now()));

        assertThat(refunded.status()).as(refunded.toString()).isEqualTo(200);
        assertThat(hook.status()).isEqualTo(200);
        var refundCall = STRIPE.findAll(postRequestedFor(urlEqualTo("/v1/refunds"))).get(0);
        assertThat(URLDecoder.decode(refundCall.getBodyAsString(), StandardCharsets.UTF_8))
                .contains("payment_intent=pi_test_1").contains("amount=1500");
        // 40.00 − 15.00 = 25.00, taken once
        assertThat(balance(tenant)).isEqualTo("25.00");
        assertThat(rechargeOf(tenant, reference).get("refunded").asString()).isEqualTo("15.00");
        // One refund debit of 15.00 and one credit note of −15.00 against the recharge's invoice.
        assertThat(jdbc.sql("select type || ' ' || amount::numeric(19, 2) from wallet_transactions where tenant_id = '"
                + tenant.id() + "' and type <> 'recharge'").query(String.class).list())
                .containsExactly("recharge_refund -15.00");
        assertThat(jdbc.sql("select total::numeric(19, 2)::text from invoices where type = 'refund' and tenant_id = '"
                + tenant.id() + "' and refers_to = (select number from invoices where tenant_id = '" + tenant.id()
                + "' and idempotency_key = '" + reference + "')").query(String.class).list())
                .containsExactly("-15.00");
    }

    @Test
    void theSameWebhookOneHundredTimesAtOnceRacingTheReturnCreditsOnce() throws Exception {
        CreatedTenant tenant = newTenant(api, "stripe-race");
        String sessionId = "cs_test_" + UUID.randomUUID().toString().replace("-", "");
        stubCreate(sessionId);
        String reference = start(tenant, "50.00").get("reference").asString();
        stubSession(sessionId, reference, 5000, "usd", "paid", "complete");
        String body = sessionEvent("evt_" + UUID.randomUUID(), "checkout.session.completed", sessionId, reference,
                5000, "usd", "paid", "2024-06-20");
        String signature = stripeSignature(body, WEBHOOK_SECRET, now());

        // 100 deliveries of the one event and 10 return redirects, all released at the same instant.
        int deliveries = 100;
        int returns = 10;
        CountDownLatch ready = new CountDownLatch(deliveries + returns);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Response>> hooks = new ArrayList<>();
        List<Future<Api.Response>> backs = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(deliveries + returns);
        try {
            for (int i = 0; i < deliveries + returns; i++) {
                boolean hook = i % 11 != 5; // the returns spread among the deliveries
                Callable<Api.Response> call = () -> {
                    ready.countDown();
                    go.await();
                    return hook ? webhook(body, signature) : Api.anonymous(port).get("/payments/return/" + reference);
                };
                (hook ? hooks : backs).add(pool.submit(call));
            }
            ready.await(30, TimeUnit.SECONDS);
            go.countDown();
            for (Future<Api.Response> f : hooks) {
                Api.Response r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
            }
            for (Future<Api.Response> f : backs) {
                assertThat(f.get(60, TimeUnit.SECONDS).header("Location")).contains("status=paid");
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(hooks).hasSize(deliveries);
        assertThat(backs).hasSize(returns);
        assertThat(balance(tenant)).isEqualTo("50.00");
        assertThat(jdbc.sql("select type || ' ' || amount::numeric(19, 2) from wallet_transactions where tenant_id = :t")
                .param("t", tenant.id()).query(String.class).list()).containsExactly("recharge 50.00");
        assertThat(jdbc.sql("select count(*) from invoices where tenant_id = :t and type = 'recharge'")
                .param("t", tenant.id()).query(Long.class).single()).isEqualTo(1);
        // One stored event that counts every delivery.
        assertThat(jdbc.sql("select attempts from payment_webhook_events where reference = :r and verification ="
                + " 'verified'").param("r", reference).query(Integer.class).list()).containsExactly(deliveries);
    }

    @Test
    void aSignedEventNamingNoRechargeOfAtriumIsAcceptedAndChangesNothing() {
        CreatedTenant tenant = newTenant(api, "stripe-unknown");
        String sessionId = "cs_test_" + UUID.randomUUID().toString().replace("-", "");
        // A well-formed reference of this tenant that was never stored, and one that is not ours at all.
        String never = "rch_" + tenant.id().toString().replace("-", "") + "0".repeat(12) + "ab".repeat(12);
        for (String reference : new String[] { never, "order-4711" }) {
            String body = sessionEvent("evt_" + UUID.randomUUID(), "checkout.session.completed", sessionId,
                    reference, 5000, "usd", "paid", "2024-06-20");

            Api.Response response = webhook(body, stripeSignature(body, WEBHOOK_SECRET, now()));

            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.json().get("result").asString()).isEqualTo("ignored");
        }
        assertThat(balance(tenant)).isEqualTo("0.00");
        STRIPE.verify(0, getRequestedFor(urlEqualTo("/v1/checkout/sessions/" + sessionId)));
        assertThat(jdbc.sql("select count(*) from recharges where tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single()).isZero();
    }

    // --- the fake Stripe ---

    private void stubCreate(String sessionId) {
        STRIPE.stubFor(post(urlEqualTo("/v1/checkout/sessions")).withHeader("Authorization",
                equalTo("Bearer " + SECRET_KEY)).withRequestBody(containing("client_reference_id"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"id":"%s","object":"checkout.session","mode":"payment","status":"open",\
                        "payment_status":"unpaid","url":"https://checkout.stripe.com/c/pay/%s"}"""
                        .formatted(sessionId, sessionId))));
    }

    private void stubSession(String sessionId, String reference, long amount, String currency, String paymentStatus,
            String status) {
        STRIPE.stubFor(get(urlEqualTo("/v1/checkout/sessions/" + sessionId))
                .willReturn(sessionResponse(sessionId, reference, amount, currency, paymentStatus, status)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder sessionResponse(String sessionId,
            String reference, long amount, String currency, String paymentStatus, String status) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                {"id":"%s","object":"checkout.session","mode":"payment","client_reference_id":"%s",\
                "amount_total":%d,"currency":"%s","payment_status":"%s","status":"%s",\
                "payment_intent":"pi_test_1","metadata":{"atrium_reference":"%s"}}"""
                .formatted(sessionId, reference, amount, currency, paymentStatus, status, reference));
    }

    private JsonNode start(CreatedTenant tenant, String amount) {
        Api.Response created = api.post("/api/v1/tenants/" + tenant.slug() + "/recharges",
                Map.of("amount", amount, "gateway", "stripe", "returnUrl", "/portal/billing"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private JsonNode rechargeOf(CreatedTenant tenant, String reference) {
        return api.get("/api/v1/tenants/" + tenant.slug() + "/recharges/" + reference).json();
    }

    private String balance(CreatedTenant tenant) {
        return api.get("/api/v1/tenants/" + tenant.slug() + "/wallet").json().get("balance").asString();
    }

    private Api.Response webhook(String body, String signature) {
        return Api.anonymous(port).with("Stripe-Signature", signature).sendRaw("POST", "/webhooks/stripe",
                "application/json", body.getBytes(StandardCharsets.UTF_8), false);
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
