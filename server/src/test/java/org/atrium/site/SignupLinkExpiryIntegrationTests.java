package org.atrium.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.atrium.platform.AdjustableClock;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.atrium.support.HttpBrowser;
import org.atrium.support.MailOutbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** A signup's confirmation link expires: seven days after the signup it confirms nothing and sets no password. */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=moving-clock")
class SignupLinkExpiryIntegrationTests {

    private static final String PASSWORD = "a-long-enough-password";

    @LocalServerPort
    int port;

    @Autowired
    AdjustableClock clock;

    @Test
    void theLinkStopsWorkingSevenDaysAfterTheSignup() {
        String slug = Fixtures.slug("expiry");
        String email = "owner@" + slug + ".example.test";
        HttpBrowser prospect = new HttpBrowser(port);
        prospect.get("/signup");
        assertThat(prospect.post("/signup", Map.of("name", "Late Co", "slug", slug, "email", email, "plan",
                "starter", "cycle", "monthly")).status()).isEqualTo(200);
        String link = MailOutbox.linkPath(MailOutbox.newest(port, "identity.password_set_link", email));
        HttpBrowser owner = new HttpBrowser(port);
        // Still live just before the end of its seven days.
        clock.advance(Duration.ofDays(7).minusMinutes(1));
        assertThat(owner.get(link).status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(2));

        HttpBrowser.Page expired = owner.get(link);
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.body()).contains("This link is not valid");
        assertThat(owner.post(link, Map.of("password", PASSWORD)).status()).isEqualTo(400);
        String portal = "/t/" + slug + "/portal";
        HttpBrowser signIn = new HttpBrowser(port);
        signIn.get(portal + "/login");
        assertThat(signIn.post(portal + "/login", Map.of("email", email, "password", PASSWORD)).status())
                .isEqualTo(401);
    }
}
