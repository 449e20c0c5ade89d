package org.atrium.branding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;


import org.atrium.platform.AdjustableClock;
import org.atrium.support.HttpBrowser;



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
        return org.atrium.support.PortalAdmins.totp(base32, at);
    }

    /** The path of the newest link mailed to a recipient in a mail of the type. */
    static String link(int port, String type, String recipient) {
        return org.atrium.support.PortalAdmins.mailedLink(port, type, recipient);
    }
}
