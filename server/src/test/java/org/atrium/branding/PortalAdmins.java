package org.atrium.branding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.spec.SecretKeySpec;

import org.atrium.platform.AdjustableClock;
import org.atrium.support.Api;
import org.atrium.support.HttpBrowser;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;

import tools.jackson.databind.JsonNode;

/** A tenant's first admin signed in to its portal (password set from the mailed link, TOTP enrolled). */
final class PortalAdmins {

    static final String PASSWORD = "a-long-enough-password";

    record Admin(String slug, String tenantId, String email, HttpBrowser browser) {
        String base() {
            return "/t/" + slug + "/portal";
        }
    }

    private PortalAdmins() {
    }

    static Admin signedIn(int port, AdjustableClock clock, String slug, String tenantId) {
        String email = "admin@" + slug + ".example.test";
        String setPassword = link(port, "identity.password_set_link", email);
        HttpBrowser browser = new HttpBrowser(port);
        assertThat(browser.get(setPassword).status()).isEqualTo(200);
        assertThat(browser.post(setPassword, Map.of("password", PASSWORD)).location()).endsWith("/portal/login");
        String base = "/t/" + slug + "/portal";
        browser.get(base + "/login");
        assertThat(browser.post(base + "/login", Map.of("email", email, "password", PASSWORD)).location())
                .endsWith(base + "/login/enrol");
        String secret = browser.get(base + "/login/enrol").find("<code id=\"secret\">([A-Z2-7]+)</code>");
        HttpBrowser.Page codes = browser.post(base + "/login/enrol", Map.of("code", totp(secret, clock.instant())));
        assertThat(codes.status()).as(codes.toString()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(30));
        return new Admin(slug, tenantId, email, browser);
    }

    static String totp(String base32, Instant at) {
        try {
            TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator();
            SecretKeySpec key = new SecretKeySpec(base32Decode(base32), generator.getAlgorithm());
            return generator.generateOneTimePasswordString(key, at);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] base32Decode(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    /** The path of the newest link mailed to a recipient in a mail of the type. */
    static String link(int port, String type, String recipient) {
        Api root = Api.asRoot(port);
        for (int attempt = 0; attempt < 50; attempt++) {
            JsonNode page = root.get("/api/v1/mail-outbox?size=200&type=" + type).json();
            for (JsonNode mail : page.get("items")) {
                if (mail.get("recipient").asString().equalsIgnoreCase(recipient)) {
                    String body = root.get("/api/v1/mail-outbox/" + mail.get("id").asString()).json().get("bodyHtml")
                            .asString();
                    Matcher m = Pattern.compile("href=\"https?://[^/]+([^\"]+)\"").matcher(body);
                    assertThat(m.find()).as(body).isTrue();
                    return m.group(1);
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("No " + type + " mail to " + recipient);
    }
}
