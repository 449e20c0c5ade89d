package org.atrium.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;

/**
 * Staff members of a role, created through the API and signed in to the HQ in an {@link HttpBrowser}: with the
 * password alone, or for a {@code super_admin} (who always needs a second factor) by enrolling an authenticator
 * at the first sign-in, computing its code as an authenticator app would (RFC 6238, six digits, HMAC-SHA1, 30 s).
 */
public final class StaffSignIn {

    public static final String PASSWORD = "a-long-enough-password";

    private StaffSignIn() {
    }

    /** A new staff member of the role; returns their email. */
    public static String create(int port, String role) {
        String email = Fixtures.email(role.replace("_", ""));
        Api.Response created = Api.asRoot(port).post("/api/v1/staff",
                Map.of("email", email, "name", "Staff " + role, "password", PASSWORD, "role", role));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return email;
    }

    /** Signs in with the password; a super_admin's first sign-in enrols TOTP on the application's clock. */
    public static HttpBrowser signIn(int port, String email, Clock clock) {
        HttpBrowser browser = new HttpBrowser(port).language("en-US");
        browser.get("/hq/login");
        HttpBrowser.Page password = browser.post("/hq/login", Map.of("email", email, "password", PASSWORD));
        if (password.location().endsWith("/hq/login/enrol")) {
            String secret = browser.get("/hq/login/enrol").find("<code id=\"secret\">([A-Z2-7]+)</code>");
            HttpBrowser.Page enrolled = browser.post("/hq/login/enrol", Map.of("code", code(secret, clock)));
            assertThat(enrolled.status()).as(enrolled.toString()).isEqualTo(200);
        } else {
            assertThat(password.location()).as(password.toString()).endsWith("/hq");
        }
        assertThat(browser.get("/hq").status()).isEqualTo(200);
        return browser;
    }

    public static String code(String base32, Clock clock) {
        try {
            TimeBasedOneTimePasswordGenerator totp = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6,
                    TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);
            int value = totp.generateOneTimePassword(new SecretKeySpec(decode(base32), "HmacSHA1"), clock.instant());
            return String.format(Locale.ROOT, "%06d", value);
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 4648 base 32, upper case, without padding. */
    static byte[] decode(String base32) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : base32.replace("=", "").toCharArray()) {
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
