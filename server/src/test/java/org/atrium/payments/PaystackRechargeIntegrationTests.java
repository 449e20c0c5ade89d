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
import java.util.Map;
import java.util.UUID;

import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
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
    }

    @AfterAll
    static void stop() {
        PAYSTACK.stop();
    }

    @LocalServerPort
    int port;

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
