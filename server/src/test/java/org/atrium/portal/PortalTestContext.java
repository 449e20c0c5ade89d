package org.atrium.portal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.atrium.platform.AdjustableClock;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.PortalAdmins;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * The one application the portal's page and browser tests share: tenants' subdomains under {@code portal.test},
 * and a fixed port that {@code atrium.public-url} names, so that the gateway's hosted page and the return come back
 * to this server (as they do on a real installation).
 */
@AtriumIntegrationTest
@TestPropertySource(properties = { "atrium.test.context=portal", "atrium.base-domain=" + PortalTestContext.BASE })
@Import(PortalTestContext.Domains.class)
abstract class PortalTestContext {

    @TestConfiguration(proxyBeanMethods = false)
    static class Domains {
        @Bean
        TestCustomDomains testCustomDomains() {
            return new TestCustomDomains();
        }
    }

    static final String BASE = "portal.test";
    static final int PORT = freePort();

    @DynamicPropertySource
    static void port(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("atrium.public-url", () -> "http://localhost:" + PORT);
    }

    @LocalServerPort
    int port;

    @Autowired
    AdjustableClock clock;

    PortalAdmins.Admin admin(String plan) {
        return PortalAdmins.signedIn(port, clock, plan);
    }

    Api root() {
        return Api.asRoot(port);
    }

    /** A tenant the owner put on {@code plan} monthly today, paid from a wallet credited with {@code credit}. */
    PortalAdmins.Admin activeAdmin(String plan, String credit) {
        PortalAdmins.Admin admin = admin(plan);
        credit(admin.slug(), credit);
        Api.Response r = root().put("/api/v1/tenants/" + admin.slug() + "/subscription",
                Map.of("plan", plan, "cycle", "monthly", "collection", "wallet"));
        if (r.status() != 200) {
            throw new AssertionError(r.toString());
        }
        return admin;
    }

    void credit(String slug, String amount) {
        Api.Response r = root().post("/api/v1/tenants/" + slug + "/wallet/credits", Map.of("amount", amount,
                "reason", "Top-up", "reference", "topup-" + org.atrium.support.Fixtures.token()));
        if (r.status() != 201) {
            throw new AssertionError(r.toString());
        }
    }

    /** Runs one tenant's own test clock forward (its daily runs included), at most 31 days a call. */
    void advanceTenant(String slug, int days) {
        Api.Response r = root().post("/api/v1/tenants/" + slug + "/test-clock", Map.of("advanceDays", days));
        if (r.status() != 200 && r.status() != 202) {
            throw new AssertionError(r.toString());
        }
        if (r.status() == 202) {
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> !root()
                    .get("/api/v1/tenants/" + slug + "/test-clock").json().path("advance").path("state").asString("")
                    .equals("running"));
        }
    }

    JsonNode subscription(String slug) {
        return root().get("/api/v1/tenants/" + slug + "/subscription").json();
    }

    /** A response read off a raw socket, for requests that need a Host header of their own. */
    record Raw(int status, String body) {
    }

    /** GET with the given Host header (the JDK's HTTP client refuses to set one). */
    Raw getWithHost(String host, String path) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + "User-Agent: AtriumTestBrowser/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] response = socket.getInputStream().readAllBytes();
            int split = indexOf(response, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
            String head = new String(response, 0, split, StandardCharsets.US_ASCII);
            int status = Integer.parseInt(head.substring(9, 12));
            byte[] body = java.util.Arrays.copyOfRange(response, split + 4, response.length);
            if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            return new Raw(status, new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] dechunk(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
        int i = 0;
        while (true) {
            int eol = indexOf(body, crlf, i);
            int size = Integer.parseInt(new String(body, i, eol - i, StandardCharsets.US_ASCII).trim(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(body, eol + 2, size);
            i = eol + 2 + size + 2;
        }
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("malformed response");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
