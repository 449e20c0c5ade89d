package org.atrium.developer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.atrium.platform.secrets.SecretsRotation;
import org.atrium.support.AfterCommit;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;

/**
 * What a message carries ({@code data} is the resource as its GET answers it), which events are sent, and the
 * signing secrets sealed at rest.
 */
@AtriumIntegrationTest
class WebhookPayloadIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Webhooks webhooks;

    @Autowired
    SecretsRotation rotation;

    HttpServer receiver;
    final List<String[]> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new String[] { exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body });
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private Api root() {
        return Api.asRoot(port);
    }

    private String tenant() {
        return Fixtures.tenantOn(root(), Fixtures.plan(root()).get("slug").asString()).get("slug").asString();
    }

    private JsonNode endpoint(String slug) {
        return endpoint(slug, List.of());
    }

    private JsonNode endpoint(String slug, List<String> types) {
        Api.Response created = root().post("/api/v1/tenants/" + slug + "/webhook-endpoints",
                Map.of("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", "eventTypes", types));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private UUID tenantId(String slug) {
        return UUID.fromString(root().get("/api/v1/tenants/" + slug).json().get("id").asString());
    }

    private Optional<JsonNode> message(UUID tenant, String type) {
        return jdbc.sql("select payload from webhook_messages where tenant_id = :t and event_type = :type"
                + " order by created_at desc limit 1").param("t", tenant).param("type", type).query(String.class)
                .optional().map(Api.JSON::readTree);
    }

    private JsonNode awaitMessage(UUID tenant, String type) {
        return AfterCommit.await(() -> message(tenant, type), Optional::isPresent).orElseThrow();
    }

    @Test
    void theDataOfTenantAndWalletEventsIsTheResourceAsItsGetAnswersIt() {
        String slug = tenant();
        UUID id = tenantId(slug);
        endpoint(slug);
        Api.Response credited = root().post("/api/v1/tenants/" + slug + "/wallet/credits",
                Map.of("amount", "12.50", "reason", "Courtesy credit", "reference", "crm-" + Fixtures.token()));
        assertThat(credited.status()).as(credited.toString()).isEqualTo(201);
        String reference = credited.json().get("reference").asString();
        JsonNode wallet = AfterCommit.await(() -> message(id, "wallet.credited"),
                m -> m.isPresent() && m.get().at("/data/reference").asString("").equals(reference)).orElseThrow();
        assertThat(wallet.get("tenant").asString()).isEqualTo(slug);
        JsonNode listed = root().get("/api/v1/tenants/" + slug + "/wallet/transactions?reference=" + reference)
                .json().get("items").get(0);
        assertThat(wallet.get("data")).isEqualTo(listed);

        assertThat(root().post("/api/v1/tenants/" + slug + "/suspend", Map.of("reason", "chargeback")).status())
                .isEqualTo(200);
        JsonNode suspended = awaitMessage(id, "tenant.suspended");
        assertThat(suspended.get("data")).isEqualTo(root().get("/api/v1/tenants/" + slug).json());
        assertThat(suspended.get("data").get("status").asString()).isEqualTo("suspended");
    }

    @Test
    void deletingATenantSendsTenantDeletedWithTheDeletedTenant() {
        String slug = tenant();
        UUID id = tenantId(slug);
        endpoint(slug);
        assertThat(root().delete("/api/v1/tenants/" + slug).status()).isIn(200, 204);
        JsonNode deleted = awaitMessage(id, "tenant.deleted");
        assertThat(deleted.get("tenant").asString()).isEqualTo(slug);
        assertThat(deleted.get("data").get("slug").asString()).isEqualTo(slug);
        assertThat(deleted.get("data").get("deletedAt")).isNotNull();
        assertThat(deleted.get("data").get("id").asString()).isEqualTo(id.toString());
    }

    @Test
    void aPaidRechargeSendsRechargePaidWithTheRecharge() {
        String slug = tenant();
        UUID id = tenantId(slug);
        endpoint(slug);
        Api.Response created = root().post("/api/v1/tenants/" + slug + "/recharges",
                Map.of("amount", "50.00", "gateway", "sandbox", "returnUrl", "/portal/billing"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String reference = created.json().get("reference").asString();
        URI checkout = URI.create(created.json().get("checkoutUrl").asString());
        assertThat(Api.anonymous(port).post(checkout.getRawPath() + "/pay").status()).isEqualTo(303);
        JsonNode paid = awaitMessage(id, "recharge.paid");
        JsonNode recharge = root().get("/api/v1/tenants/" + slug + "/recharges/" + reference).json();
        assertThat(recharge.get("status").asString()).isEqualTo("paid");
        assertThat(paid.get("data")).isEqualTo(recharge);
    }

    private static boolean verifies(String secret, String[] request) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] expected = mac.doFinal((request[0] + "." + request[1] + "." + request[3])
                .getBytes(StandardCharsets.UTF_8));
        for (String candidate : request[2].split(" ")) {
            if (candidate.startsWith("v1,")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(candidate.substring(3)))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void signingSecretsAreSealedAtRestAndPlainOnesAreSealedByTheReseal() throws Exception {
        String slug = tenant();
        // Only test events arrive: the new tenant's own events (trial started …) are not subscribed to.
        JsonNode endpoint = endpoint(slug, List.of("invoice.refunded"));
        String secret = endpoint.get("secret").asString();
        UUID endpointId = UUID.fromString(endpoint.get("id").asString());
        String stored = jdbc.sql("select secret from webhook_endpoints where id = :id").param("id", endpointId)
                .query(String.class).single();
        assertThat(stored).startsWith("v1:").doesNotContain(secret.substring("whsec_".length()));

        // A secret stored before sealing existed: in plain text.
        jdbc.sql("update webhook_endpoints set secret = :s where id = :id").param("s", secret).param("id", endpointId)
                .update();
        String base = "/api/v1/tenants/" + slug + "/webhook-endpoints/" + endpointId;
        assertThat(root().post(base + "/test").status()).isEqualTo(202);
        webhooks.dispatchDue();
        assertThat(received).hasSize(1);
        assertThat(verifies(secret, received.get(0))).isTrue();

        assertThat(rotation.resealAll()).containsKey("webhook-endpoints");
        String resealed = jdbc.sql("select secret from webhook_endpoints where id = :id").param("id", endpointId)
                .query(String.class).single();
        assertThat(resealed).startsWith("v1:").isNotEqualTo(secret);
        assertThat(root().post(base + "/test").status()).isEqualTo(202);
        webhooks.dispatchDue();
        assertThat(received).hasSize(2);
        assertThat(verifies(secret, received.get(1))).isTrue();

        // A rotated secret keeps signing, sealed, beside the new one.
        Api.Response rotated = root().post(base + "/rotate-secret", Map.of("overlap", "PT1H"));
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String next = rotated.json().get("secret").asString();
        assertThat(jdbc.sql("select previous_secret from webhook_endpoints where id = :id").param("id", endpointId)
                .query(String.class).single()).startsWith("v1:");
        assertThat(root().post(base + "/test").status()).isEqualTo(202);
        webhooks.dispatchDue();
        assertThat(received).hasSize(3);
        assertThat(verifies(secret, received.get(2))).isTrue();
        assertThat(verifies(next, received.get(2))).isTrue();
    }
}
