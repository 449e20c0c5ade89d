package org.atrium.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.security.InvalidKeyException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;

/**
 * Staff members for HQ page tests: created through the API with a role, then signed in to the HQ in an
 * {@link HttpBrowser} with their password and, where the role needs it (super_admin), a second factor enrolled on
 * the spot with codes computed as an authenticator app computes them (RFC 6238).
 */
public final class HqStaff {

    public static final String PASSWORD = "a-long-enough-password";

    private HqStaff() {
    }

    /** A new staff member with the role; returns the email. */
    public static String create(int port, String role) {
        String email = Fixtures.email(role.replace("_", ""));
        Api.Response created = Api.asRoot(port).post("/api/v1/staff",
                Map.of("email", email, "name", "Staff " + role, "password", PASSWORD, "role", role));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return email;
    }

    /** A browser signed in to the HQ as a new staff member with the role; {@code now} is the server's time. */
    public static HttpBrowser signedIn(int port, String role, Instant now) {
        String email = create(port, role);
        HttpBrowser browser = new HttpBrowser(port);
        browser.get("/hq/login");
        HttpBrowser.Page password = browser.post("/hq/login", Map.of("email", email, "password", PASSWORD));
        if (password.location().endsWith("/hq/login/enrol")) {
            String secret = browser.get("/hq/login/enrol").find("<code id=\"secret\">([A-Z2-7]+)</code>");
            HttpBrowser.Page codes = browser.post("/hq/login/enrol", Map.of("code", code(secret, now)));
            assertThat(codes.status()).as(codes.toString()).isEqualTo(200);
        } else {
            assertThat(password.location()).as(password.toString()).endsWith("/hq");
        }
        assertThat(browser.get("/hq").status()).isEqualTo(200);
        return browser;
    }

    /** The six-digit TOTP code of a base32 secret at an instant. */
    public static String code(String base32, Instant at) {
        try {
            TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator();
            int value = generator.generateOneTimePassword(new SecretKeySpec(base32(base32), "HmacSHA1"), at);
            return String.format(Locale.ROOT, "%06d", value);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.replace("=", "").toUpperCase(Locale.ROOT).toCharArray()) {
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
