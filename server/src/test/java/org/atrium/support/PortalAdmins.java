package org.atrium.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.spec.SecretKeySpec;

import org.atrium.platform.AdjustableClock;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;

import tools.jackson.databind.JsonNode;

/**
 * A tenant with its first admin signed in to the portal (password chosen from the mailed link, TOTP enrolled, as
 * every tenant admin must), for page tests: the admin's {@link HttpBrowser}, the TOTP secret, and the tenant.
 */
public final class PortalAdmins {

    public static final String PASSWORD = "a-long-enough-password";

    public record Admin(String slug, String tenantId, String name, String email, HttpBrowser browser, String secret) {

        public String base() {
            return "/t/" + slug + "/portal";
        }
    }

    private PortalAdmins() {
    }

    /** A new tenant on {@code plan} with its admin signed in (the clock moves 30 s on, past the used TOTP step). */
    public static Admin signedIn(int port, AdjustableClock clock, String plan) {
        JsonNode tenant = Fixtures.tenantOn(Api.asRoot(port), plan);
        String slug = tenant.get("slug").asString();
        String tenantId = tenant.get("id").asString();
        String email = "admin@" + slug + ".example.test";
        String setPassword = mailedLink(port, "identity.password_set_link", email);
        HttpBrowser admin = new HttpBrowser(port);
        assertThat(admin.get(setPassword).status()).isEqualTo(200);
        assertThat(admin.post(setPassword, Map.of("password", PASSWORD)).location()).endsWith("/portal/login");
        String base = "/t/" + slug + "/portal";
        admin.get(base + "/login");
        assertThat(admin.post(base + "/login", Map.of("email", email, "password", PASSWORD)).location())
                .endsWith(base + "/login/enrol");
        String secret = admin.get(base + "/login/enrol").find("<code id=\"secret\">([A-Z2-7]+)</code>");
        HttpBrowser.Page codes = admin.post(base + "/login/enrol", Map.of("code", totp(secret, clock.instant())));
        assertThat(codes.status()).as(codes.toString()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(30));
        return new Admin(slug, tenantId, tenant.get("name").asString(), email, admin, secret);
    }

    /** The six-digit TOTP code (RFC 6238, HMAC-SHA1, 30 s) of a base32 secret at an instant. */
    public static String totp(String base32, Instant at) {
        try {
            TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator();
            int code = generator.generateOneTimePassword(new SecretKeySpec(base32(base32), "HmacSHA1"), at);
            return String.format(Locale.ROOT, "%06d", code);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The path of the newest link mailed to a recipient in a mail of the type. */
    public static String mailedLink(int port, String type, String recipient) {
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

    private static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.replace("=", "").toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
