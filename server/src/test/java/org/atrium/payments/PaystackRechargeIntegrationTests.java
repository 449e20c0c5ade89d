package org.atrium.payments;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.payments.PaymentFixtures.paystackSignature;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

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

/** Paystack end to end against a local fake of its API on 127.0.0.1 speaking Paystack's request and answer shapes. */
@AtriumIntegrationTest
class PaystackRechargeIntegrationTests {

    private static final String SECRET_KEY = "sk_test_paystack_0123456789abcdef";
    private static final WireMockServer PAYSTACK = new WireMockServer(
            WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());

    static {
        PAYSTACK.start();
    }

    @DynamicPropertySource
    static void paystack(DynamicPropertyRegistry registry) {
        registry.add("atrium.payments.paystack.secret-key", () -> SECRET_KEY);
        registry.add("atrium.payments.paystack.api-base", () -> "http://127.0.0.1:" + PAYSTACK.port());
        registry.add("atrium.payments.gateway-timeout", () -> "2s");
    }

    @AfterAll
    static void stop() {
        PAYSTACK.stop();
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
        PAYSTACK.resetAll();
    }

    @Test
    void chargeSuccessCreditsOnlyAfterVerifyAndOnceWithTheCallback() {
        String slug = tenant();
        PAYSTACK.stubFor(post(urlEqualTo("/transaction/initialize")).withHeader("Authorization",
                equalTo("Bearer " + SECRET_KEY)).willReturn(json("""
                        {"status":true,"message":"Authorization URL created","data":{\
                        "authorization_url":"https://checkout.paystack.com/0peioxfhpn","access_code":"0peioxfhpn",\
                        "reference":"x"}}""")));
        JsonNode recharge = start(slug, "75.00");
        String reference = recharge.get("reference").asString();
        String paystackReference = "rch-" + reference.substring(4);
        assertThat(recharge.get("checkoutUrl").asString()).isEqualTo("https://checkout.paystack.com/0peioxfhpn");
        // 75.00 USD = 7500 minor units
        PAYSTACK.verify(postRequestedFor(urlEqualTo("/transaction/initialize")).withRequestBody(equalToJson(
                "{\"amount\":\"7500\",\"currency\":\"USD\",\"reference\":\"" + paystackReference + "\"}", true,
                true)));
        stubVerify(paystackReference, "success", 7500, "USD");
        String event = "{\"event\":\"charge.success\",\"data\":{\"id\":302961,\"domain\":\"test\",\"status\":"
                + "\"success\",\"reference\":\"" + paystackReference + "\",\"amount\":7500,\"currency\":\"USD\"}}";

        Api.Response hook = webhook(event, paystackSignature(event, SECRET_KEY));
        Api.Response again = webhook(event, paystackSignature(event, SECRET_KEY));
        Api.Response back = Api.anonymous(port).get("/payments/return/" + reference + "?reference="
                + paystackReference + "&trxref=" + paystackReference);

        assertThat(hook.status()).as(hook.toString()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(back.header("Location")).contains("status=paid");
        assertThat(balance(slug)).isEqualTo("75.00");
    }

    @Test
    void aBadSignatureIsRefusedAndAVerifiedAmountMismatchIsFlagged() {
        String slug = tenant();
        PAYSTACK.stubFor(post(urlEqualTo("/transaction/initialize")).willReturn(json("""
                {"status":true,"message":"ok","data":{"authorization_url":"https://checkout.paystack.com/abc",\
                "access_code":"abc","reference":"x"}}""")));
        String reference = start(slug, "20.00").get("reference").asString();
        String paystackReference = "rch-" + reference.substring(4);
        stubVerify(paystackReference, "success", 200, "USD"); // 2.00 paid, not 20.00
        String event = "{\"event\":\"charge.success\",\"data\":{\"id\":" + System.nanoTime() + ",\"status\":"
                + "\"success\",\"reference\":\"" + paystackReference + "\",\"amount\":2000,\"currency\":\"USD\"}}";

        Fixtures.problem(webhook(event, paystackSignature(event, "sk_test_wrong")), 400, "webhook-signature");
        Fixtures.problem(webhook(event.replace("2000", "20000"), paystackSignature(event, SECRET_KEY)), 400,
                "webhook-signature");
        assertThat(balance(slug)).isEqualTo("0.00");
        assertThat(webhook(event, paystackSignature(event, SECRET_KEY)).status()).isEqualTo(200);

        JsonNode after = api.get("/api/v1/tenants/" + slug + "/recharges/" + reference).json();
        assertThat(after.get("status").asString()).isEqualTo("flagged");
        assertThat(balance(slug)).isEqualTo("0.00");
    }

    @Test
    void aRefundReportedBeforeTheSuccessFirstCreditsThenTakesTheRefundOnce() {
        String slug = tenant();
        stubInitialize();
        String reference = start(slug, "30.00").get("reference").asString();
        String paystackReference = "rch-" + reference.substring(4);
        stubVerify(paystackReference, "success", 3000, "USD");
        long refundId = System.nanoTime();
        String refund = "{\"event\":\"refund.processed\",\"data\":{\"id\":" + refundId + ",\"status\":"
                + "\"processed\",\"transaction_reference\":\"" + paystackReference + "\",\"amount\":3000,"
                + "\"currency\":\"USD\"}}";
        String success = "{\"event\":\"charge.success\",\"data\":{\"id\":" + (refundId + 1) + ",\"status\":"
                + "\"success\",\"reference\":\"" + paystackReference + "\",\"amount\":3000,\"currency\":\"USD\"}}";

        Api.Response first = webhook(refund, paystackSignature(refund, SECRET_KEY));
        Api.Response late = webhook(success, paystackSignature(success, SECRET_KEY));
        Api.Response replay = webhook(refund, paystackSignature(refund, SECRET_KEY));

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(late.status()).isEqualTo(200);
        assertThat(replay.status()).isEqualTo(200);
        JsonNode after = api.get("/api/v1/tenants/" + slug + "/recharges/" + reference).json();
        assertThat(after.get("status").asString()).isEqualTo("refunded");
        assertThat(after.get("refunded").asString()).isEqualTo("30.00");
        // 30.00 credited by the verified payment, 30.00 taken by its refund: 0.00, one movement each way
        assertThat(balance(slug)).isEqualTo("0.00");
        assertThat(jdbc.sql("select t.type from wallet_transactions t join tenants n on n.id = t.tenant_id"
                + " where n.slug = :s order by t.seq").param("s", slug).query(String.class).list())
                .containsExactly("recharge", "recharge_refund");
        assertThat(jdbc.sql("select count(*) from invoices i join tenants n on n.id = i.tenant_id"
                + " where n.slug = :s and i.type = 'refund'").param("s", slug).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void aVerifyThatTimesOutCreditsNothingAndTheRetryCreditsOnce() {
        String slug = tenant();
        stubInitialize();
        String reference = start(slug, "12.00").get("reference").asString();
        String paystackReference = "rch-" + reference.substring(4);
        // Paystack takes 6 s to answer the verify; Atrium waits 2 s.
        PAYSTACK.stubFor(get(urlEqualTo("/transaction/verify/" + paystackReference)).willReturn(json(
                "{\"status\":true,\"message\":\"Verification successful\",\"data\":{\"id\":1,\"status\":\"success\","
                        + "\"reference\":\"" + paystackReference + "\",\"amount\":1200,\"currency\":\"USD\"}}")
                .withFixedDelay(6000)));
        String event = "{\"event\":\"charge.success\",\"data\":{\"id\":" + System.nanoTime() + ",\"status\":"
                + "\"success\",\"reference\":\"" + paystackReference + "\",\"amount\":1200,\"currency\":\"USD\"}}";

        Api.Response hook = webhook(event, paystackSignature(event, SECRET_KEY));

        assertThat(hook.status()).as(hook.toString()).isEqualTo(200);
        assertThat(hook.json().get("result").asString()).isEqualTo("retrying");
        assertThat(balance(slug)).isEqualTo("0.00");

        stubVerify(paystackReference, "success", 1200, "USD");
        jdbc.sql("update recharges set next_confirm_at = :past where reference = :r")
                .param("past", Timestamp.from(Instant.now().minusSeconds(1))).param("r", reference).update();
        recharging.retryConfirmations();
        recharging.retryConfirmations();

        assertThat(api.get("/api/v1/tenants/" + slug + "/recharges/" + reference).json().get("status").asString())
                .isEqualTo("paid");
        assertThat(balance(slug)).isEqualTo("12.00");
    }

    private void stubInitialize() {
        PAYSTACK.stubFor(post(urlEqualTo("/transaction/initialize")).willReturn(json(
                "{\"status\":true,\"message\":\"ok\",\"data\":{\"authorization_url\":"
                        + "\"https://checkout.paystack.com/abc\",\"access_code\":\"abc\",\"reference\":\"x\"}}")));
    }

    private void stubVerify(String reference, String status, long amount, String currency) {
        PAYSTACK.stubFor(get(urlEqualTo("/transaction/verify/" + reference)).withHeader("Authorization",
                equalTo("Bearer " + SECRET_KEY)).willReturn(json("""
                        {"status":true,"message":"Verification successful","data":{"id":302961,"domain":"test",\
                        "status":"%s","reference":"%s","amount":%d,"currency":"%s","gateway_response":"Successful"}}"""
                        .formatted(status, reference, amount, currency))));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private String tenant() {
        String slug = "paystack-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = api.post("/api/v1/tenants", Map.of("slug", slug, "name", "Tenant " + slug,
                "contact", Map.of("email", "billing@" + slug + ".example.test")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return slug;
    }

    private JsonNode start(String slug, String amount) {
        Api.Response created = api.post("/api/v1/tenants/" + slug + "/recharges",
                Map.of("amount", amount, "gateway", "paystack", "returnUrl", "/portal/billing"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private String balance(String slug) {
        return api.get("/api/v1/tenants/" + slug + "/wallet").json().get("balance").asString();
    }

    private Api.Response webhook(String body, String signature) {
        return Api.anonymous(port).with("x-paystack-signature", signature).sendRaw("POST", "/webhooks/paystack",
                "application/json", body.getBytes(StandardCharsets.UTF_8), false);
    }
}
