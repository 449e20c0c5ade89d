package org.atrium.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.atrium.platform.AdjustableClock;
import org.atrium.support.AfterCommit;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.atrium.support.HttpBrowser;
import org.atrium.support.MailOutbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * A staff member who forgot their password resets it from the HQ's sign-in page: a link by mail, once, for 30
 * minutes, under the same password rules as everyone, ending every session; the same answer for any address.
 */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=moving-clock")
class StaffPasswordResetIntegrationTests {

    static final String PASSWORD = "a-long-enough-password";

    @LocalServerPort
    int port;

    @Autowired
    AdjustableClock clock;

    @Test
    void aForgottenStaffPasswordIsResetByAMailedLinkThatWorksOnceAndEndsEverySession() {
        String email = Fixtures.email("support");
        assertThat(Api.asRoot(port).post("/api/v1/staff",
                Map.of("email", email, "name", "Support", "password", PASSWORD, "role", "support")).status())
                .isEqualTo(201);
        HttpBrowser signedIn = new HttpBrowser(port);
        signIn(signedIn, email, PASSWORD);
        assertThat(new HttpBrowser(port).get("/hq/login").body()).contains("/hq/password-reset");

        HttpBrowser anyone = new HttpBrowser(port);
        assertThat(anyone.get("/hq/password-reset").status()).isEqualTo(200);
        String nobody = Fixtures.email("nobody");
        HttpBrowser.Page unknown = anyone.post("/hq/password-reset", Map.of("email", nobody));
        HttpBrowser.Page known = anyone.post("/hq/password-reset", Map.of("email", email));
        assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(200);
        String csrf = "name=\"_csrf\" value=\"[^\"]+\"";
        assertThat(unknown.body().replaceAll(csrf, "")).isEqualTo(known.body().replaceAll(csrf, ""));
        assertThat(MailOutbox.to(port, "identity.password_reset_link", nobody)).isEmpty();

        String reset = MailOutbox.linkPath(MailOutbox.newest(port, "identity.password_reset_link", email));
        assertThat(reset).startsWith("/hq/password-reset/");
        HttpBrowser owner = new HttpBrowser(port);
        assertThat(owner.get(reset).status()).isEqualTo(200);
        assertThat(owner.post(reset, Map.of("password", "short")).status()).isEqualTo(400);
        HttpBrowser.Page breached = owner.post(reset, Map.of("password", "password1234"));
        assertThat(breached.status()).isEqualTo(400);
        assertThat(breached.body()).contains("most common");
        String newPassword = "another-long-password";
        assertThat(owner.post(reset, Map.of("password", newPassword)).location()).endsWith("/hq/login");

        // Every session ended with the change; the link is spent; only the new password signs in.
        assertThat(signedIn.get("/hq").location()).endsWith("/hq/login");
        assertThat(owner.post(reset, Map.of("password", "yet-another-password")).status()).isEqualTo(400);
        HttpBrowser old = new HttpBrowser(port);
        old.get("/hq/login");
        assertThat(old.post("/hq/login", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(401);
        signIn(new HttpBrowser(port), email, newPassword);
        assertThat(events("staff.password_reset_completed", email)).singleElement()
                .satisfies(e -> assertThat(e.get("actorType").asString()).isEqualTo("staff"));
        assertThat(events("staff.password_reset_requested", email)).singleElement()
                .satisfies(e -> assertThat(e.get("after").get("known").asBoolean()).isTrue());
        assertThat(events("staff.password_reset_requested", nobody)).singleElement()
                .satisfies(e -> assertThat(e.get("after").get("known").asBoolean()).isFalse());

        // A link left unused for 30 minutes has expired; a forged one was never valid.
        anyone.get("/hq/password-reset");
        anyone.post("/hq/password-reset", Map.of("email", email));
        String late = newerLink(email, reset);
        clock.advance(Duration.ofMinutes(30));
        assertThat(new HttpBrowser(port).get(late).status()).isEqualTo(400);
        assertThat(new HttpBrowser(port).get("/hq/password-reset/forged-token").status()).isEqualTo(400);
    }

    private void signIn(HttpBrowser browser, String email, String password) {
        browser.get("/hq/login");
        HttpBrowser.Page page = browser.post("/hq/login", Map.of("email", email, "password", password));
        assertThat(page.location()).as(page.toString()).endsWith("/hq");
    }

    /** The newest reset link mailed to the address once it is another than {@code previous}. */
    private String newerLink(String email, String previous) {
        return AfterCommit.await(
                () -> MailOutbox.linkPath(MailOutbox.newest(port, "identity.password_reset_link", email)),
                link -> !link.equals(previous));
    }

    private List<JsonNode> events(String type, String target) {
        JsonNode page = Api.asRoot(port).get("/api/v1/audit-events?size=500&type=" + type).json();
        List<JsonNode> matching = new ArrayList<>();
        page.get("items").forEach(e -> {
            if (target.equalsIgnoreCase(e.get("target").asString())) {
                matching.add(e);
            }
        });
        return matching;
    }
}
