package org.atrium.payments;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.payments.PaymentFixtures.newTenant;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.atrium.payments.PaymentFixtures.CreatedTenant;
import org.atrium.support.AfterCommit;
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
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import tools.jackson.databind.JsonNode;

/**
 * Auto top-up end to end against a local fake of Stripe's API on 127.0.0.1: a customer, a Checkout Session in setup
 * mode whose card is read back with {@code expand[]=setup_intent.payment_method}, and off-session PaymentIntents
 * ({@code confirm=true}, {@code off_session=true}) that succeed, are declined (402 {@code card_error}), need
 * authentication, or are not answered in time. Atrium's real Stripe client code (the official SDK) makes the calls.
 */
@AtriumIntegrationTest
class StripeAutoTopUpIntegrationTests {

    private static final String SECRET_KEY = "sk_test_51AtriumAutoTopUp000000000";
    private static final WireMockServer STRIPE = new WireMockServer(
            WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());

    static {
        STRIPE.start();
    }

    @DynamicPropertySource
    static void stripe(DynamicPropertyRegistry registry) {
        registry.add("atrium.payments.stripe.secret-key", () -> SECRET_KEY);
        registry.add("atrium.payments.stripe.webhook-secret", () -> "whsec_auto_top_up_test");
        registry.add("atrium.payments.stripe.api-base", () -> "http://127.0.0.1:" + STRIPE.port());
        registry.add("atrium.payments.gateway-timeout", () -> "4s");
        registry.add("atrium.payments.auto-top-up.max-failures", () -> "2");
        registry.add("atrium.payments.confirm-retry.initial", () -> "1s");
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
    AutoTopUps autoTopUps;

    Api api;

    @BeforeEach
    void setUp() {
        api = Api.asRoot(port);
        STRIPE.resetAll();
    }

    @Test
    void aCardSavedThroughSetupCheckoutIsChargedOffSessionOncePerFallBelowTheThreshold() {
        CreatedTenant tenant = newTenant(api, "topup-happy");
        String setup = saveCard(tenant);
        var created = STRIPE.findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))).get(0);
        assertThat(form(created)).contains("mode=setup").contains("customer=cus_" + tenant.id().toString()
                .substring(0, 8)).contains("client_reference_id=" + tenant.id())
                .contains("success_url=http://localhost:8080/payments/auto-top-up/return/" + tenant.id()
                        + "?session_id={CHECKOUT_SESSION_ID}");
        assertThat(setup).isEqualTo("visa •••• 4242");
        stubCharge(200, """
                {"id":"pi_auto_%s","object":"payment_intent","amount":5000,"amount_received":5000,"currency":"usd",\
                "status":"succeeded","customer":"cus_x","payment_method":"pm_card_visa",\
                "metadata":{"atrium_reference":"{{regexExtract request.body 'atrium_reference[^=]*=([a-z0-9_]+)' 'r'}}{{r.0}}"}}"""
                .formatted(UUID.randomUUID().toString().substring(0, 8)));
        credit(tenant, "30.00");

        // 30.00 − 15.00 = 15.00 < 20.00: the first crossing charges 50.00 → 65.00
        debit(tenant, "15.00");
        AfterCommit.await(() -> balance(tenant), "65.00"::equals);
        // 65.00 − 5.00 = 60.00: above the threshold, no charge
        debit(tenant, "5.00");
        // 60.00 − 50.00 = 10.00 < 20.00: the second crossing → 60.00
        debit(tenant, "50.00");
        AfterCommit.await(() -> balance(tenant), "60.00"::equals);

        List<LoggedRequest> charges = STRIPE.findAll(postRequestedFor(urlEqualTo("/v1/payment_intents")));
        assertThat(charges).hasSize(2);
        assertThat(form(charges.get(0))).contains("amount=5000").contains("currency=usd").contains("confirm=true")
                .contains("off_session=true").contains("payment_method=pm_card_visa")
                .contains("customer=cus_" + tenant.id().toString().substring(0, 8));
        assertThat(charges.stream().map(c -> c.getHeader("Idempotency-Key")).toList()).containsExactly(
                "atrium-auto-top-up-" + tenant.id() + "-1", "atrium-auto-top-up-" + tenant.id() + "-2");
        assertThat(jdbc.sql("select type || ' ' || amount::numeric(19, 2) from wallet_transactions where tenant_id = :t"
                + " order by seq").param("t", tenant.id()).query(String.class).list()).containsExactly(
                        "manual_credit 30.00", "manual_debit -15.00", "recharge 50.00", "manual_debit -5.00",
                        "manual_debit -50.00", "recharge 50.00");
        JsonNode state = api.get("/api/v1/tenants/" + tenant.slug() + "/auto-top-up").json();
        assertThat(state.get("crossings").asInt()).isEqualTo(2);
        assertThat(state.get("failures").asInt()).isZero();
        JsonNode recharges = api.get("/api/v1/tenants/" + tenant.slug() + "/recharges?status=paid").json();
        assertThat(recharges.get("totalItems").asInt()).isEqualTo(2);
    }

    @Test
    void aChargeStripeDoesNotAnswerIsSentAgainWithTheSameKeyAndCreditsOnce() {
        CreatedTenant tenant = newTenant(api, "topup-retry");
        saveCard(tenant);
        // Stripe takes 6 s the first time (Atrium waits 4 s), then answers at once, as its idempotency layer does.
        STRIPE.stubFor(post(urlEqualTo("/v1/payment_intents")).inScenario("slow").whenScenarioStateIs(
                com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED).willSetStateTo("answered")
                .willReturn(succeeded().withFixedDelay(6000)));
        STRIPE.stubFor(post(urlEqualTo("/v1/payment_intents")).inScenario("slow").whenScenarioStateIs("answered")
                .willReturn(succeeded()));
        credit(tenant, "25.00");

        debit(tenant, "10.00"); // 15.00 < 20.00

        // What the payments retry task does; the first request is due again 1 s after it timed out.
        AfterCommit.await(() -> {
            autoTopUps.retryCharges();
            return balance(tenant);
        }, "65.00"::equals);
        List<LoggedRequest> charges = STRIPE.findAll(postRequestedFor(urlEqualTo("/v1/payment_intents")));
        assertThat(charges).hasSizeGreaterThanOrEqualTo(2);
        assertThat(charges.stream().map(c -> c.getHeader("Idempotency-Key")).distinct().toList())
                .containsExactly("atrium-auto-top-up-" + tenant.id() + "-1");
        assertThat(jdbc.sql("select count(*) from wallet_transactions where tenant_id = :t and type = 'recharge'")
                .param("t", tenant.id()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void declinesAndAuthenticationRequiredNotifyTheTenantAndTurnItOffAfterTheMaximumInARow() {
        CreatedTenant tenant = newTenant(api, "topup-declined");
        saveCard(tenant);
        stubCharge(402, """
                {"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds",\
                "message":"Your card has insufficient funds.","param":"payment_method"}}""");
        credit(tenant, "25.00");

        debit(tenant, "10.00"); // 15.00 < 20.00: declined
        JsonNode first = AfterCommit.await(() -> api.get("/api/v1/tenants/" + tenant.slug() + "/auto-top-up").json(),
                s -> s.get("failures").asInt() == 1);
        assertThat(first.get("enabled").asBoolean()).isTrue();
        assertThat(first.get("lastError").asString()).contains("insufficient_funds");

        stubCharge(402, """
                {"error":{"type":"card_error","code":"authentication_required",\
                "decline_code":"authentication_required",\
                "message":"Your card was declined. This transaction requires authentication."}}""");
        credit(tenant, "10.00"); // 25.00: back above, the next fall is a new crossing
        debit(tenant, "10.00"); // 15.00 < 20.00: needs the holder → second failure in a row: off
        JsonNode second = AfterCommit.await(() -> api.get("/api/v1/tenants/" + tenant.slug() + "/auto-top-up")
                .json(), s -> s.get("failures").asInt() == 2);

        assertThat(second.get("enabled").asBoolean()).isFalse();
        assertThat(second.get("lastError").asString()).contains("authentication_required");
        assertThat(balance(tenant)).isEqualTo("15.00");
        assertThat(jdbc.sql("select status from recharges where tenant_id = :t order by created_at")
                .param("t", tenant.id()).query(String.class).list()).containsExactly("failed", "failed");
        assertThat(jdbc.sql("select count(*) from notification_outbox where tenant_id = :t and type = :type")
                .param("t", tenant.id()).param("type", "payments.auto_top_up_failed").query(Long.class).single())
                .isEqualTo(2);
        // Off: a further fall below the threshold charges nothing.
        credit(tenant, "10.00");
        debit(tenant, "10.00");
        assertThat(STRIPE.findAll(postRequestedFor(urlEqualTo("/v1/payment_intents")))).hasSize(2);
    }

    @Test
    void badSettingsAreRefusedAndNothingIsStored() {
        CreatedTenant tenant = newTenant(api, "topup-bad");
        String path = "/api/v1/tenants/" + tenant.slug() + "/auto-top-up";

        Fixtures.problem(api.put(path, Map.of("threshold", "20.00", "amount", "50.00", "enabled", true)), 409,
                "auto-top-up-no-card");
        Fixtures.invalid(api.put(path, Map.of("threshold", "-1.00", "amount", "50.00")), "threshold");
        Fixtures.invalid(api.put(path, Map.of("threshold", "20.001", "amount", "50.00")), "threshold");
        Fixtures.invalid(api.put(path, Map.of("amount", "50.00")), "threshold");
        Fixtures.invalid(api.put(path, Map.of("threshold", "20.00", "amount", "0")), "amount");
        Fixtures.invalid(api.put(path, Map.of("threshold", "20.00", "amount", "50.005")), "amount");
        Fixtures.invalid(api.put(path, Map.of("threshold", "20.00", "amount", "4.99")), "amount"); // minimum 5.00
        Fixtures.invalid(api.put(path, Map.of("threshold", "20.00", "amount", "10000.01")), "amount");
        Fixtures.problem(api.put(path, Map.of("threshold", "20.00", "amount", "50.00", "colour", "red")), 400,
                "validation");
        Fixtures.invalid(api.post(path + "/card-setup", Map.of("returnUrl", "https://evil.example/phish")),
                "returnUrl");

        assertThat(api.get(path).status()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from auto_top_ups where tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single()).isZero();
    }

    // --- helpers and the fake Stripe ---

    /** Customer, setup session, return: the card saved and auto top-up on at 20.00 / 50.00. */
    private String saveCard(CreatedTenant tenant) {
        String customer = "cus_" + tenant.id().toString().substring(0, 8);
        String session = "cs_test_setup_" + UUID.randomUUID().toString().replace("-", "");
        STRIPE.stubFor(post(urlEqualTo("/v1/customers")).willReturn(json("""
                {"id":"%s","object":"customer","metadata":{"atrium_tenant":"%s"}}""".formatted(customer,
                tenant.id()))));
        STRIPE.stubFor(post(urlEqualTo("/v1/checkout/sessions")).withRequestBody(containing("mode=setup"))
                .willReturn(json("""
                        {"id":"%s","object":"checkout.session","mode":"setup","status":"open",\
                        "url":"https://checkout.stripe.com/c/pay/%s"}""".formatted(session, session))));
        STRIPE.stubFor(get(urlPathEqualTo("/v1/checkout/sessions/" + session)).willReturn(json("""
                {"id":"%s","object":"checkout.session","mode":"setup","status":"complete","customer":"%s",\
                "client_reference_id":"%s","setup_intent":{"id":"seti_1","object":"setup_intent",\
                "status":"succeeded","payment_method":{"id":"pm_card_visa","object":"payment_method",\
                "type":"card","card":{"brand":"visa","last4":"4242","exp_month":12,"exp_year":2030}}}}"""
                .formatted(session, customer, tenant.id()))));

        Api.Response started = api.post("/api/v1/tenants/" + tenant.slug() + "/auto-top-up/card-setup",
                Map.of("returnUrl", "/portal/billing"));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        assertThat(started.json().get("checkoutUrl").asString()).isEqualTo("https://checkout.stripe.com/c/pay/"
                + session);
        Api.Response back = Api.anonymous(port).get("/payments/auto-top-up/return/" + tenant.id() + "?session_id="
                + session);
        assertThat(back.status()).isEqualTo(303);
        assertThat(back.header("Location")).isEqualTo("http://localhost:8080/portal/billing?card=saved");

        Api.Response on = api.put("/api/v1/tenants/" + tenant.slug() + "/auto-top-up", Map.of("threshold", "20.00",
                "amount", "50.00", "enabled", true));
        assertThat(on.status()).as(on.toString()).isEqualTo(200);
        assertThat(on.json().get("enabled").asBoolean()).isTrue();
        return on.json().get("card").asString();
    }

    private static ResponseDefinitionBuilder succeeded() {
        return json("""
                {"id":"pi_auto_retry","object":"payment_intent","amount":5000,"amount_received":5000,\
                "currency":"usd","status":"succeeded",\
                "metadata":{"atrium_reference":"{{regexExtract request.body 'atrium_reference[^=]*=([a-z0-9_]+)' 'r'}}{{r.0}}"}}""")
                .withTransformers("response-template");
    }

    private void stubCharge(int status, String body) {
        STRIPE.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body).withTransformers("response-template")));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String form(LoggedRequest request) {
        return URLDecoder.decode(request.getBodyAsString(), StandardCharsets.UTF_8);
    }

    private void credit(CreatedTenant tenant, String amount) {
        Api.Response r = api.post("/api/v1/tenants/" + tenant.slug() + "/wallet/credits", Map.of("amount", amount,
                "reason", "Test credit", "reference", "c-" + UUID.randomUUID()));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    private void debit(CreatedTenant tenant, String amount) {
        Api.Response r = api.post("/api/v1/tenants/" + tenant.slug() + "/wallet/debits", Map.of("amount", amount,
                "reason", "Test debit", "reference", "d-" + UUID.randomUUID()));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    private String balance(CreatedTenant tenant) {
        return api.get("/api/v1/tenants/" + tenant.slug() + "/wallet").json().get("balance").asString();
    }
}
