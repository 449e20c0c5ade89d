package org.atrium.developer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.support.Fixtures.invalid;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.atrium.platform.AdjustableClock;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;

/**
 * Deliveries to a receiver on loopback (allowed in the tests' configuration), which checks every request the way the
 * Standard Webhooks specification tells a receiver to, without Atrium's signer. The clock moves; nothing sleeps
 * except while waiting for an event's listener.
 */
@AtriumIntegrationTest
class WebhookDeliveryIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    AdjustableClock clock;

    @Autowired
    Webhooks webhooks;

    HttpServer receiver;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();
    volatile int failWith = 500;
    volatile String secret;

    record Received(String id, long timestamp, String body, boolean verified) {
        JsonNode json() {
            return Api.JSON.readTree(body);
        }
    }

    /**
     * The specification's verification: the signed content is {@code id.timestamp.body}, the key the base64-decoded
     * part after {@code whsec_}, the header a space-separated list of {@code v1,<base64>}, any one of which must match
     * (compared in constant time); the timestamp must be within five minutes of the receiver's clock.
     */
    boolean verify(String id, String timestamp, String signatures, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.split("_", 2)[1]), "HmacSHA256"));
        byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        if (Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
            return false;
        }
        for (String candidate : signatures.split(" ")) {
            String[] parts = candidate.split(",", 2);
            if (parts.length == 2 && parts[0].equals("v1")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(parts[1]))) {
                return true;
            }
        }
        return false;
    }

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String ts = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            boolean ok;
            try {
                ok = verify(id, ts, exchange.getRequestHeaders().getFirst("webhook-signature"), body);
            } catch (Exception e) {
                ok = false;
            }
            received.add(new Received(id, Long.parseLong(ts), body, ok));
            int status = failuresLeft.getAndDecrement() > 0 ? failWith : 200;
            byte[] answer = "thanks".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private String hook() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private Api root() {
        return Api.asRoot(port);
    }

    private String tenant() {
        return Fixtures.tenantOn(root(), Fixtures.plan(root()).get("slug").asString()).get("slug").asString();
    }

    private JsonNode endpoint(String slug, List<String> types) {
        Api.Response created = root().post("/api/v1/tenants/" + slug + "/webhook-endpoints",
                Map.of("url", hook(), "eventTypes", types, "description", "test receiver"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        secret = created.json().get("secret").asString();
        assertThat(secret).startsWith("whsec_");
        return created.json();
    }

    private String base(String slug, JsonNode endpoint) {
        return "/api/v1/tenants/" + slug + "/webhook-endpoints/" + endpoint.get("id").asString();
    }

    @Test
    void aFailingReceiverGetsTheMessageAgainAfterFiveSecondsAndFiveMinutes() {
        String slug = tenant();
        JsonNode endpoint = endpoint(slug, List.of("invoice.refunded")); // nothing else arrives meanwhile
        failuresLeft.set(2);
        String message = root().post(base(slug, endpoint) + "/test").json().get("message").asString();

        webhooks.dispatchDue();
        assertThat(received).hasSize(1);
        webhooks.dispatchDue(); // not due yet
        clock.advance(Duration.ofSeconds(4));
        webhooks.dispatchDue();
        assertThat(received).hasSize(1);
        clock.advance(Duration.ofSeconds(1)); // 5 s after the first attempt
        webhooks.dispatchDue();
        assertThat(received).hasSize(2);
        clock.advance(Duration.ofMinutes(4));
        webhooks.dispatchDue();
        assertThat(received).hasSize(2);
        clock.advance(Duration.ofMinutes(1)); // 5 min after the second
        webhooks.dispatchDue();
        assertThat(received).hasSize(3);
        clock.advance(Duration.ofHours(1));
        webhooks.dispatchDue();
        assertThat(received).hasSize(3); // delivered: nothing more

        assertThat(received).allMatch(Received::verified);
        assertThat(received).extracting(Received::id).containsOnly(message);
        JsonNode payload = received.get(2).json();
        assertThat(payload.get("type").asString()).isEqualTo("webhook.test");
        assertThat(payload.get("id").asString()).isEqualTo(message);
        assertThat(payload.get("tenant").asString()).isEqualTo(slug);

        JsonNode attempts = root().get(base(slug, endpoint) + "/attempts").json().get("items");
        assertThat(attempts.size()).isEqualTo(3);
        // Newest first: 200, then the two failures.
        assertThat(attempts.get(0).get("responseStatus").asInt()).isEqualTo(200);
        assertThat(attempts.get(0).get("attempt").asInt()).isEqualTo(3);
        assertThat(attempts.get(0).get("responseBody").asString()).isEqualTo("thanks");
        assertThat(attempts.get(2).get("responseStatus").asInt()).isEqualTo(500);
        assertThat(attempts.get(0).get("requestHeaders").get("webhook-id").asString()).isEqualTo(message);
    }

    @Test
    void aDeliveredMessageCanBeReplayedWithANewSignatureOfTheSameId() {
        String slug = tenant();
        JsonNode endpoint = endpoint(slug, List.of("invoice.refunded")); // nothing else arrives meanwhile
        String message = root().post(base(slug, endpoint) + "/test").json().get("message").asString();
        webhooks.dispatchDue();
        assertThat(received).hasSize(1);
        clock.advance(Duration.ofMinutes(10));
        Api.Response replay = root().post(base(slug, endpoint) + "/replay", Map.of("message", message));
        assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
        webhooks.dispatchDue();
        assertThat(received).hasSize(2);
        assertThat(received.get(1).id()).isEqualTo(message);
        assertThat(received.get(1).timestamp() - received.get(0).timestamp()).isEqualTo(600);
        assertThat(received).allMatch(Received::verified);
    }

    @Test
    void gone410DisablesTheEndpointAtOnce() {
        String slug = tenant();
        JsonNode endpoint = endpoint(slug, List.of("invoice.refunded")); // nothing else arrives meanwhile
        failuresLeft.set(1);
        failWith = 410;
        root().post(base(slug, endpoint) + "/test");
        webhooks.dispatchDue();
        assertThat(received).hasSize(1);
        JsonNode after = root().get(base(slug, endpoint)).json();
        assertThat(after.get("enabled").asBoolean()).isFalse();
        assertThat(after.get("disabledReason").asString()).contains("410");
        clock.advance(Duration.ofSeconds(5));
        webhooks.dispatchDue();
        assertThat(received).hasSize(1);
    }

    @Test
    void aWalletCreditIsDeliveredAsWalletCredited() throws Exception {
        String slug = tenant();
        endpoint(slug, List.of("wallet.credited"));
        Api.Response credit = root().post("/api/v1/tenants/" + slug + "/wallet/credits",
                Map.of("amount", "7.00", "reason", "webhook test", "reference", "wh-" + Fixtures.token()));
        assertThat(credit.status()).isEqualTo(201);
        long start = System.nanoTime();
        while (received.isEmpty() && System.nanoTime() - start < 10_000_000_000L) {
            webhooks.dispatchDue();
            Thread.sleep(50); // the event's listener runs after the credit's commit, on another thread
        }
        assertThat(received).hasSize(1);
        JsonNode payload = received.get(0).json();
        assertThat(payload.get("type").asString()).isEqualTo("wallet.credited");
        assertThat(payload.get("tenant").asString()).isEqualTo(slug);
        assertThat(received.get(0).verified()).isTrue();
    }

    @Test
    void badEndpointsAreRefusedAndNothingIsStored() {
        String slug = tenant();
        String path = "/api/v1/tenants/" + slug + "/webhook-endpoints";
        invalid(root().post(path, Map.of("url", "http://example.com/hook")), "url");
        invalid(root().post(path, Map.of("url", "https://user:pw@example.com/hook")), "url");
        invalid(root().post(path, Map.of("url", "https://10.1.2.3/hook")), "url");
        invalid(root().post(path, Map.of("url", "https://169.254.169.254/latest/meta-data")), "url");
        invalid(root().post(path, Map.of("url", "https://[::1]/hook")), "url");
        invalid(root().post(path, Map.of("url", hook(), "eventTypes", List.of("invoice.exploded"))), "eventTypes");
        assertThat(root().get(path).json().get("totalItems").asInt()).isZero();
    }

    @Test
    void theCatalogueListsTheEventTypes() {
        JsonNode items = root().get("/api/v1/webhook-event-types").json().get("items");
        List<String> types = new java.util.ArrayList<>();
        items.forEach(i -> types.add(i.get("type").asString()));
        assertThat(types).contains("tenant.created", "subscription.renewed", "subscription.read_only",
                "invoice.paid", "wallet.debited", "recharge.flagged", "usage.threshold_crossed");
    }
}
