package org.atrium.branding;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.atrium.notifications.NotificationType;
import org.atrium.notifications.TextChannel;
import org.atrium.notifications.TextMessages;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
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
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import tools.jackson.databind.JsonNode;

/**
 * SMS through Twilio's Messages API and WhatsApp through UltraMsg's chat API, both against one local fake speaking
 * their request and answer shapes; the platform's accounts and a tenant's own (its secret sealed).
 */
@AtriumIntegrationTest
class TextMessageIntegrationTests {

    static final String PLATFORM_SID = "ACplatform0000000000000000000000000";
    static final String PLATFORM_TOKEN = "platform-auth-token-0123456789";
    static final WireMockServer PROVIDERS = new WireMockServer(
            WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());

    static {
        PROVIDERS.start();
    }

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        String base = "http://127.0.0.1:" + PROVIDERS.port();
        registry.add("atrium.text.twilio.api-base", () -> base);
        registry.add("atrium.text.twilio.account-sid", () -> PLATFORM_SID);
        registry.add("atrium.text.twilio.auth-token", () -> PLATFORM_TOKEN);
        registry.add("atrium.text.twilio.from", () -> "+15005550006");
        registry.add("atrium.text.ultramsg.api-base", () -> base);
    }

    @AfterAll
    static void stop() {
        PROVIDERS.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    TextMessages texts;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void reset() {
        PROVIDERS.resetAll();
    }

    @Test
    void anSmsGoesThroughTwilioWithTheDefaultTextAndThePlatformsAccount() {
        PROVIDERS.stubFor(post(urlEqualTo("/2010-04-01/Accounts/" + PLATFORM_SID + "/Messages.json"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"SM0123456789abcdef\",\"status\":\"queued\"}")));
        String id = texts.send(null, TextChannel.SMS, "+447700900123", NotificationType.WALLET_RECHARGED,
                Map.of("amount", "15.00 USD", "balance", "40.00 USD"));
        assertThat(id).isEqualTo("SM0123456789abcdef");
        LoggedRequest request = PROVIDERS.findAll(postRequestedFor(urlEqualTo(
                "/2010-04-01/Accounts/" + PLATFORM_SID + "/Messages.json"))).get(0);
        assertThat(request.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString((PLATFORM_SID + ":" + PLATFORM_TOKEN).getBytes(StandardCharsets.UTF_8)));
        Map<String, String> form = form(request.getBodyAsString());
        assertThat(form).containsEntry("To", "+447700900123").containsEntry("From", "+15005550006");
        // defaults.properties: "{{platformName}}: {{amount}} added, wallet balance {{balance}}."
        assertThat(form.get("Body")).isEqualTo("Atrium: 15.00 USD added, wallet balance 40.00 USD.");
    }

    @Test
    void twiliosRefusalIsA502ThatNamesItsCodeAndABadNumberIsRefusedFirst() {
        PROVIDERS.stubFor(post(urlEqualTo("/2010-04-01/Accounts/" + PLATFORM_SID + "/Messages.json"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(
                        "{\"code\":21211,\"message\":\"The 'To' number is not a valid phone number.\",\"status\":400}")));
        assertThatThrownBy(() -> texts.send(null, TextChannel.SMS, "+15005550001", NotificationType.WALLET_RECHARGED,
                Map.of("amount", "1.00 USD", "balance", "1.00 USD")))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("21211").doesNotContain(PLATFORM_TOKEN);
                });
        assertThatThrownBy(() -> texts.send(null, TextChannel.SMS, "07700 900123", NotificationType.WALLET_RECHARGED,
                Map.of("amount", "1.00 USD", "balance", "1.00 USD"))).isInstanceOf(ProblemException.class);
        assertThat(PROVIDERS.findAll(postRequestedFor(urlEqualTo(
                "/2010-04-01/Accounts/" + PLATFORM_SID + "/Messages.json")))).hasSize(1);
    }

    @Test
    void whatsappUsesTheTenantsOwnUltraMsgAccountWithItsSecretSealedAndItsOwnText() {
        Api root = Api.asRoot(port);
        JsonNode tenant = Fixtures.tenantOn(root, "starter");
        String slug = tenant.get("slug").asString();
        TenantId id = new TenantId(java.util.UUID.fromString(tenant.get("id").asString()));
        // Without an account anywhere, WhatsApp is not configured.
        assertThatThrownBy(() -> texts.send(id, TextChannel.WHATSAPP, "+447700900123",
                NotificationType.SUBSCRIPTION_CANCELLED, Map.of("planName", "Growth", "endsOn", "2027-01-06")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.kind())
                        .isEqualTo("text-channel-not-configured"));

        String token = "ultramsg-token-" + Fixtures.token();
        Api.Response configured = root.put("/api/v1/tenants/" + slug + "/text-channels/whatsapp",
                Map.of("account", "instance1150", "secret", token));
        assertThat(configured.status()).as(configured.toString()).isEqualTo(200);
        assertThat(configured.body()).doesNotContain(token).contains(token.substring(token.length() - 4));
        String sealed = jdbc.sql("select secret_sealed from text_message_settings where tenant_id = :t")
                .param("t", id.value()).query(String.class).single();
        assertThat(sealed).startsWith("v1:").doesNotContain(token);
        assertThat(root.put("/api/v1/tenants/" + slug + "/notification-templates/subscription.cancelled",
                Map.of("subject", "s", "body", "b", "sms", "{{planName}} ends {{endsOn}} <b>")).status())
                .isEqualTo(200);

        PROVIDERS.stubFor(post(urlEqualTo("/instance1150/messages/chat")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"sent\":\"true\",\"message\":\"ok\",\"id\":4711}")));
        String sent = texts.send(id, TextChannel.WHATSAPP, "+447700900123", NotificationType.SUBSCRIPTION_CANCELLED,
                Map.of("planName", "Growth", "endsOn", "2027-01-06"));
        assertThat(sent).isEqualTo("4711");
        LoggedRequest request = PROVIDERS.findAll(postRequestedFor(urlEqualTo("/instance1150/messages/chat"))
                .withRequestBody(containing("token="))).get(0);
        Map<String, String> form = form(request.getBodyAsString());
        assertThat(form).containsEntry("token", token).containsEntry("to", "+447700900123")
                .containsEntry("body", "Growth ends 2027-01-06 <b>");

        // UltraMsg answers errors with 200 and an "error" member: the body decides.
        PROVIDERS.stubFor(post(urlEqualTo("/instance1150/messages/chat")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"Wrong token\"}")));
        assertThatThrownBy(() -> texts.send(id, TextChannel.WHATSAPP, "+447700900123",
                NotificationType.SUBSCRIPTION_CANCELLED, Map.of("planName", "Growth", "endsOn", "2027-01-06")))
                .hasMessageContaining("Wrong token");
        PROVIDERS.verify(2, postRequestedFor(urlEqualTo("/instance1150/messages/chat"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded")));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new java.util.LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }
}
