package org.atrium.payments;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.payments.PaymentFixtures.newTenant;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

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
 * PayPal Orders v2 end to end against a local fake of PayPal's REST API on 127.0.0.1: OAuth token, order, capture on
 * return, and webhooks verified through PayPal's verify-webhook-signature call.
 */
@AtriumIntegrationTest
class PayPalRechargeIntegrationTests {

    private static final String CLIENT_ID = "AbCdPayPalClient";
    private static final String SECRET = "EFgh-paypal-secret-0123";
    private static final String WEBHOOK_ID = "8PT597110X687430LKGECATA";
    private static final WireMockServer PAYPAL = new WireMockServer(
            WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());

    static {
        PAYPAL.start();
    }

    @DynamicPropertySource
    static void paypal(DynamicPropertyRegistry registry) {
        registry.add("atrium.payments.paypal.client-id", () -> CLIENT_ID);
        registry.add("atrium.payments.paypal.secret", () -> SECRET);
        registry.add("atrium.payments.paypal.webhook-id", () -> WEBHOOK_ID);
        registry.add("atrium.payments.paypal.api-base", () -> "http://127.0.0.1:" + PAYPAL.port());
        registry.add("atrium.payments.gateway-timeout", () -> "2s");
    }

    @AfterAll
    static void stop() {
        PAYPAL.stop();
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
        PAYPAL.resetAll();
        String basic = Base64.getEncoder().encodeToString((CLIENT_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        PAYPAL.stubFor(post(urlEqualTo("/v1/oauth2/token")).withHeader("Authorization", equalTo("Basic " + basic))
                .withRequestBody(equalTo("grant_type=client_credentials")).willReturn(json("""
                        {"scope":"https://uri.paypal.com/services/payments","access_token":"A21AAFake",\
                        "token_type":"Bearer","app_id":"APP-80W284485P519543T","expires_in":32400}""")));
    }

    @Test
    void anApprovedOrderIsCapturedOnReturnAndItsWebhookCreditsNothingMore() {
        CreatedTenant tenant = newTenant(api, "paypal-happy");
        String orderId = "5O190127TN364715T" + UUID.randomUUID().toString().substring(0, 4).toUpperCase();
        PAYPAL.stubFor(post(urlEqualTo("/v2/checkout/orders")).withHeader("Authorization",
                equalTo("Bearer A21AAFake")).willReturn(json("""
                        {"id":"%s","status":"CREATED","links":[\
                        {"href":"https://api-m.paypal.com/v2/checkout/orders/%s","rel":"self","method":"GET"},\
                        {"href":"https://www.paypal.com/checkoutnow?token=%s","rel":"approve","method":"GET"}]}"""
                        .formatted(orderId, orderId, orderId))));
        JsonNode recharge = start(tenant, "35.00");
        String reference = recharge.get("reference").asString();
        assertThat(recharge.get("checkoutUrl").asString()).isEqualTo("https://www.paypal.com/checkoutnow?token="
                + orderId);
        PAYPAL.verify(postRequestedFor(urlEqualTo("/v2/checkout/orders")).withRequestBody(equalToJson("""
                {"intent":"CAPTURE","purchase_units":[{"custom_id":"%s","amount":{"currency_code":"USD",\
                "value":"35.00"}}]}""".formatted(reference), true, true)));

        PAYPAL.stubFor(get(urlEqualTo("/v2/checkout/orders/" + orderId)).willReturn(json(
                "{\"id\":\"" + orderId + "\",\"status\":\"APPROVED\"}")));
        PAYPAL.stubFor(post(urlEqualTo("/v2/checkout/orders/" + orderId + "/capture")).willReturn(json("""
                {"id":"%s","status":"COMPLETED","purchase_units":[{"reference_id":"%s","payments":{"captures":[\
                {"id":"2GG279541U471931P","status":"COMPLETED","custom_id":"%s",\
                "amount":{"currency_code":"USD","value":"35.00"}}]}}]}""".formatted(orderId, reference, reference))));
        Api.Response back = Api.anonymous(port).get("/payments/return/" + reference + "?token=" + orderId
                + "&PayerID=QYR5Z8XDVJNXQ");
        assertThat(back.header("Location")).contains("status=paid");

        PAYPAL.stubFor(post(urlEqualTo("/v1/notifications/verify-webhook-signature"))
                .withRequestBody(matchingJsonPath("$.webhook_id", equalTo(WEBHOOK_ID)))
                .withRequestBody(matchingJsonPath("$.transmission_sig", equalTo("sig-ok")))
                .willReturn(json("{\"verification_status\":\"SUCCESS\"}")));
        String event = """
                {"id":"WH-%s","event_version":"1.0","resource_type":"capture","event_type":"PAYMENT.CAPTURE.COMPLETED",\
                "resource":{"id":"2GG279541U471931P","status":"COMPLETED","custom_id":"%s",\
                "amount":{"currency_code":"USD","value":"35.00"}}}""".formatted(UUID.randomUUID(), reference);
        Api.Response hook = webhook(event, "sig-ok");

        assertThat(hook.status()).as(hook.toString()).isEqualTo(200);
        assertThat(balance(tenant)).isEqualTo("35.00");
        PAYPAL.verify(1, postRequestedFor(urlEqualTo("/v2/checkout/orders/" + orderId + "/capture")));
    }

    @Test
    void aWebhookPayPalDoesNotVerifyIsRefused() {
        PAYPAL.stubFor(post(urlEqualTo("/v1/notifications/verify-webhook-signature"))
                .willReturn(json("{\"verification_status\":\"FAILURE\"}")));
        String event = "{\"id\":\"WH-" + UUID.randomUUID() + "\",\"event_type\":\"PAYMENT.CAPTURE.COMPLETED\","
                + "\"resource\":{\"id\":\"X\",\"custom_id\":\"rch_x\"}}";

        JsonNode problem = Fixtures.problem(webhook(event, "forged"), 400, "webhook-signature");

        assertThat(problem.get("verification").asString()).isEqualTo("bad_signature");
        Fixtures.problem(Api.anonymous(port).sendRaw("POST", "/webhooks/paypal", "application/json",
                event.getBytes(StandardCharsets.UTF_8), false), 400, "webhook-signature");
    }

    @Test
    void aRefundReportedBeforeTheCaptureFirstCreditsThenTakesTheRefundOnce() {
        CreatedTenant tenant = newTenant(api, "paypal-order");
        String orderId = stubOrder();
        String reference = start(tenant, "35.00").get("reference").asString();
        // The payer paid and PayPal's staff refunded in full before any event reached Atrium: the order reads
        // COMPLETED with its capture REFUNDED.
        stubCapturedOrder(orderId, reference, "REFUNDED");
        stubVerified();
        String refund = """
                {"id":"WH-%s","event_version":"1.0","resource_type":"refund","event_type":"PAYMENT.CAPTURE.REFUNDED",\
                "resource":{"id":"1JU08902781691411","status":"COMPLETED","custom_id":"%s",\
                "amount":{"currency_code":"USD","value":"35.00"}}}""".formatted(UUID.randomUUID(), reference);
        String completed = """
                {"id":"WH-%s","event_version":"1.0","resource_type":"capture","event_type":"PAYMENT.CAPTURE.COMPLETED",\
                "resource":{"id":"2GG279541U471931P","status":"COMPLETED","custom_id":"%s",\
                "amount":{"currency_code":"USD","value":"35.00"}}}""".formatted(UUID.randomUUID(), reference);

        Api.Response first = webhook(refund, "sig-ok");
        Api.Response late = webhook(completed, "sig-ok");
        Api.Response replay = webhook(refund, "sig-ok");

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(late.status()).as(late.toString()).isEqualTo(200);
        assertThat(replay.status()).as(replay.toString()).isEqualTo(200);
        JsonNode after = api.get("/api/v1/tenants/" + tenant.slug() + "/recharges/" + reference).json();
        assertThat(after.get("status").asString()).isEqualTo("refunded");
        assertThat(after.get("refunded").asString()).isEqualTo("35.00");
        // 35.00 credited by the captured payment, 35.00 taken by its refund: one movement each way
        assertThat(balance(tenant)).isEqualTo("0.00");
        assertThat(jdbc.sql("select type from wallet_transactions where tenant_id = :t order by seq")
                .param("t", tenant.id()).query(String.class).list()).containsExactly("recharge", "recharge_refund");
        assertThat(jdbc.sql("select count(*) from invoices where tenant_id = :t and type = 'refund'")
                .param("t", tenant.id()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anOrderLookUpThatTimesOutCreditsNothingAndTheRetryCreditsOnce() {
        CreatedTenant tenant = newTenant(api, "paypal-timeout");
        String orderId = stubOrder();
        String reference = start(tenant, "12.00").get("reference").asString();
        stubVerified();
        // PayPal takes 6 s to answer the order look-up; Atrium waits 2 s.
        PAYPAL.stubFor(get(urlEqualTo("/v2/checkout/orders/" + orderId)).willReturn(json(capturedOrder(orderId,
                reference, "12.00", "COMPLETED")).withFixedDelay(6000)));
        String completed = """
                {"id":"WH-%s","event_version":"1.0","resource_type":"capture","event_type":"PAYMENT.CAPTURE.COMPLETED",\
                "resource":{"id":"2GG279541U471931P","status":"COMPLETED","custom_id":"%s",\
                "amount":{"currency_code":"USD","value":"12.00"}}}""".formatted(UUID.randomUUID(), reference);

        Api.Response hook = webhook(completed, "sig-ok");

        assertThat(hook.status()).as(hook.toString()).isEqualTo(200);
        assertThat(hook.json().get("result").asString()).isEqualTo("retrying");
        assertThat(balance(tenant)).isEqualTo("0.00");

        PAYPAL.stubFor(get(urlEqualTo("/v2/checkout/orders/" + orderId)).willReturn(json(capturedOrder(orderId,
                reference, "12.00", "COMPLETED"))));
        jdbc.sql("update recharges set next_confirm_at = :past where reference = :r")
                .param("past", Timestamp.from(Instant.now().minusSeconds(1))).param("r", reference).update();
        recharging.retryConfirmations();
        recharging.retryConfirmations();

        assertThat(api.get("/api/v1/tenants/" + tenant.slug() + "/recharges/" + reference).json().get("status")
                .asString()).isEqualTo("paid");
        assertThat(balance(tenant)).isEqualTo("12.00");
    }

    private String stubOrder() {
        String orderId = "5O190127TN364715T" + UUID.randomUUID().toString().substring(0, 4).toUpperCase();
        PAYPAL.stubFor(post(urlEqualTo("/v2/checkout/orders")).willReturn(json("""
                {"id":"%s","status":"CREATED","links":[\
                {"href":"https://www.paypal.com/checkoutnow?token=%s","rel":"approve","method":"GET"}]}"""
                .formatted(orderId, orderId))));
        return orderId;
    }

    private void stubCapturedOrder(String orderId, String reference, String captureStatus) {
        PAYPAL.stubFor(get(urlEqualTo("/v2/checkout/orders/" + orderId)).willReturn(json(capturedOrder(orderId,
                reference, "35.00", captureStatus))));
    }

    /** GET /v2/checkout/orders/{id} of an order that was captured; the capture's status as PayPal reports it. */
    private static String capturedOrder(String orderId, String reference, String value, String captureStatus) {
        return """
                {"id":"%s","status":"COMPLETED","intent":"CAPTURE","purchase_units":[{"reference_id":"%s",\
                "custom_id":"%s","payments":{"captures":[{"id":"2GG279541U471931P","status":"%s","custom_id":"%s",\
                "amount":{"currency_code":"USD","value":"%s"}}]}}]}"""
                .formatted(orderId, reference, reference, captureStatus, reference, value);
    }

    private void stubVerified() {
        PAYPAL.stubFor(post(urlEqualTo("/v1/notifications/verify-webhook-signature"))
                .withRequestBody(matchingJsonPath("$.webhook_id", equalTo(WEBHOOK_ID)))
                .withRequestBody(matchingJsonPath("$.transmission_sig", equalTo("sig-ok")))
                .willReturn(json("{\"verification_status\":\"SUCCESS\"}")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private JsonNode start(CreatedTenant tenant, String amount) {
        Api.Response created = api.post("/api/v1/tenants/" + tenant.slug() + "/recharges",
                Map.of("amount", amount, "gateway", "paypal", "returnUrl", "/portal/billing"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private String balance(CreatedTenant tenant) {
        return api.get("/api/v1/tenants/" + tenant.slug() + "/wallet").json().get("balance").asString();
    }

    private Api.Response webhook(String body, String signature) {
        return Api.anonymous(port).with("PAYPAL-TRANSMISSION-ID", "69cd13f0-d67a-11e5-baa3-778b53f4ae55")
                .with("PAYPAL-TRANSMISSION-TIME", "2026-12-01T21:00:00Z").with("PAYPAL-TRANSMISSION-SIG", signature)
                .with("PAYPAL-CERT-URL", "https://api.paypal.com/v1/notifications/certs/CERT-360caa42")
                .with("PAYPAL-AUTH-ALGO", "SHA256withRSA").sendRaw("POST", "/webhooks/paypal", "application/json",
                        body.getBytes(StandardCharsets.UTF_8), false);
    }
}
