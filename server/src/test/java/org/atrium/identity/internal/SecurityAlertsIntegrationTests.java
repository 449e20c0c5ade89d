package org.atrium.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.atrium.platform.AdjustableClock;
import org.atrium.support.AfterCommit;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.atrium.support.HttpBrowser;
import org.atrium.support.MailOutbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * What identity tells the platform owner, over HTTP and through the mail outbox: each security alert is mailed to
 * every active super_admin, once per occurrence. An owner is created for each test, so that the mails to that
 * address are this test's alone.
 */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=moving-clock")
class SecurityAlertsIntegrationTests {

    static final String PASSWORD = "a-long-enough-password";
    static final String ALERT = "identity.security_alert";

    @LocalServerPort
    int port;

    @Autowired
    AdjustableClock clock;

    @Autowired
    JdbcClient jdbc;

    Api root;
    String owner;

    @BeforeEach
    void owner() {
        root = Api.asRoot(port);
        owner = staff("super_admin");
    }

    @Test
    void aStaffSignInFromAnAddressTheAccountNeverUsedAlertsTheOwnerOnce() {
        String email = staff("support");
        // The account signed in before, from another address.
        jdbc.sql("insert into known_addresses (realm, account_id, address, first_seen) values ('staff', :a, :x, :now)")
                .param("a", UUID.fromString(staffId(email))).param("x", "203.0.113.7")
                .param("now", Timestamp.from(clock.instant())).update();

        signIn(new HttpBrowser(port), email, PASSWORD);
        JsonNode mail = MailOutbox.newest(port, ALERT, owner);
        assertThat(mail.get("bodyHtml").asString()).contains("Sign-in from a new address")
                .contains("The staff account " + email + " signed in from ");
        // From the same address again: nothing new to tell.
        signIn(new HttpBrowser(port), email, PASSWORD);
        assertThat(alertsMentioning(email)).hasSize(1);
    }

    @Test
    void tenFailedSignInsOnOneAccountWithinAnHourAlertTheOwner() {
        String email = staff("support");
        HttpBrowser stranger = new HttpBrowser(port);
        stranger.get("/hq/login");
        for (int attempt = 1; attempt <= SecurityAlerts.FAILURES_PER_HOUR; attempt++) {
            // Past each growing delay, and past the lock after the fifth failure: every attempt is checked.
            clock.advance(attempt == 6 ? Duration.ofMinutes(16) : Duration.ofSeconds(20));
            assertThat(alertsMentioning(email)).as("before failure %d", attempt).isEmpty();
            HttpBrowser.Page refused = stranger.post("/hq/login", Map.of("email", email, "password", "wrong-" + attempt));
            assertThat(refused.status()).as("failure %d", attempt).isEqualTo(401);
        }

        JsonNode mail = MailOutbox.newest(port, ALERT, owner);
        assertThat(mail.get("bodyHtml").asString()).contains("Many failed sign-ins")
                .contains("The staff account " + email + " had 10 failed sign-ins within the last hour.");
    }

    @Test
    void anImpersonationStartAndANewPlatformApiKeyAlertTheOwner() {
        Api support = Api.anonymous(port).withBasic(staff("support"), PASSWORD);
        JsonNode tenant = Fixtures.tenantOn(root, "starter");
        String slug = tenant.get("slug").asString();
        Api.Response started = support.post("/api/v1/tenants/" + slug + "/impersonations",
                Map.of("reason", "Ticket 6100", "minutes", 7));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        String keyName = "alerts-" + Fixtures.token();
        assertThat(root.post("/api/v1/api-keys", Map.of("name", keyName, "permissions", List.of("tenants.read")))
                .status()).isEqualTo(201);

        assertThat(alert(slug).get("bodyHtml").asString()).contains("Impersonation started")
                .contains("started impersonating admin@" + slug + ".example.test in tenant " + slug
                        + " for 7 minutes: Ticket 6100");
        assertThat(alert(keyName).get("bodyHtml").asString()).contains("New platform API key").contains(keyName)
                .contains("tenants.read");
    }

    /** The alert mailed to the owner whose body mentions {@code text}, once it is queued. */
    private JsonNode alert(String text) {
        return AfterCommit.await(() -> MailOutbox.to(port, ALERT, owner).stream()
                .map(m -> root.get("/api/v1/mail-outbox/" + m.get("id").asString()).json())
                .filter(m -> m.get("bodyHtml").asString().contains(text)).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }

    private List<JsonNode> alertsMentioning(String text) {
        return MailOutbox.to(port, ALERT, owner).stream()
                .map(m -> root.get("/api/v1/mail-outbox/" + m.get("id").asString()).json())
                .filter(m -> m.get("bodyHtml").asString().contains(text)).toList();
    }

    private String staff(String role) {
        String email = Fixtures.email(role.replace("_", ""));
        Api.Response created = root.post("/api/v1/staff",
                Map.of("email", email, "name", "Staff " + role, "password", PASSWORD, "role", role));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return email;
    }

    private String staffId(String email) {
        return root.get("/api/v1/staff?size=500").json().get("items").valueStream()
                .filter(u -> u.get("email").asString().equals(email)).findFirst().orElseThrow().get("id").asString();
    }

    private void signIn(HttpBrowser browser, String email, String password) {
        browser.get("/hq/login");
        HttpBrowser.Page page = browser.post("/hq/login", Map.of("email", email, "password", password));
        assertThat(page.location()).as(page.toString()).endsWith("/hq");
    }
}
