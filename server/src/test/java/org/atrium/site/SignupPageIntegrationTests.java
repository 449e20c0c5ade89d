package org.atrium.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.atrium.support.HttpBrowser;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/** The signup form as a prospect without JavaScript uses it: from the pricing page's button to the portal. */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=site")
class SignupPageIntegrationTests {

    private static final String PASSWORD = "a-long-enough-password";

    @LocalServerPort
    int port;

    @Test
    void aProspectSignsUpConfirmsTheAddressThroughTheLinkAndReachesThePortal() {
        HttpBrowser prospect = new HttpBrowser(port);
        HttpBrowser.Page form = prospect.get("/signup?plan=growth&cycle=annual");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("<title>Start your trial — Atrium</title>")
                .contains("<option value=\"growth\" selected=\"selected\">Growth</option>")
                .contains("value=\"annual\" checked=\"checked\"");

        String slug = Fixtures.slug("signup");
        String email = "owner@" + slug + ".example.test";
        HttpBrowser.Page done = prospect.post("/signup",
                Map.of("name", "Acme Loans", "slug", slug, "email", email, "plan", "growth", "cycle", "annual"));

        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.body()).contains("Check your email").contains(email);
        JsonNode tenant = Api.asRoot(port).get("/api/v1/tenants/" + slug).json();
        assertThat(tenant.get("status").asString()).isEqualTo("trial");
        assertThat(tenant.get("plan").asString()).isEqualTo("growth");
        JsonNode subscription = Api.asRoot(port).get("/api/v1/tenants/" + slug + "/subscription").json();
        assertThat(subscription.get("cycle").asString()).isEqualTo("annual");

        // The link mailed to the address proves it and lets its owner choose a password, then sign in to the portal.
        String link = mailedLink(email);
        HttpBrowser owner = new HttpBrowser(port);
        assertThat(owner.get(link).status()).isEqualTo(200);
        assertThat(owner.post(link, Map.of("password", PASSWORD)).location()).endsWith("/portal/login");
        String portal = "/t/" + slug + "/portal";
        owner.get(portal + "/login");
        // A tenant admin enrols a second factor first (requireTenantAdmin2fa is on by default).
        assertThat(owner.post(portal + "/login", Map.of("email", email, "password", PASSWORD)).location())
                .endsWith(portal + "/login/enrol");
    }

    @Test
    void aRefusedSignupShowsWhatToCorrectKeepsWhatWasTypedAndCreatesNothing() {
        HttpBrowser prospect = new HttpBrowser(port);
        prospect.get("/signup");
        String slug = Fixtures.slug("bad");

        HttpBrowser.Page refused = prospect.post("/signup",
                Map.of("name", "<b>Bold</b> Co", "slug", slug, "email", "not-an-email", "plan", "growth"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Please correct the fields marked below").contains("Email ")
                .contains("value=\"&lt;b&gt;Bold&lt;/b&gt; Co\"").doesNotContain("<b>Bold</b>");
        assertThat(Api.asRoot(port).get("/api/v1/tenants/" + slug).status()).isEqualTo(404);
    }

    @Test
    void aTakenWorkspaceAddressIsNamedOnTheForm() {
        String slug = Fixtures.tenantOn(Api.asRoot(port), "starter").get("slug").asString();
        HttpBrowser prospect = new HttpBrowser(port);
        prospect.get("/signup");

        HttpBrowser.Page refused = prospect.post("/signup",
                Map.of("name", "Copycat", "slug", slug, "email", "x@copycat.example.test", "plan", "starter"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("Workspace address");
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefused() {
        HttpBrowser stranger = new HttpBrowser(port);
        String slug = Fixtures.slug("csrf");

        HttpBrowser.Page refused = stranger.postWithoutCsrf("/signup",
                Map.of("name", "Forged", "slug", slug, "email", "f@forged.example.test", "plan", "starter"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(Api.asRoot(port).get("/api/v1/tenants/" + slug).status()).isEqualTo(404);
    }

    private String mailedLink(String recipient) {
        Api root = Api.asRoot(port);
        AtomicReference<String> link = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (JsonNode mail : root.get("/api/v1/mail-outbox?size=200&type=identity.password_set_link").json()
                    .get("items")) {
                if (mail.get("recipient").asString().equalsIgnoreCase(recipient)) {
                    String body = root.get("/api/v1/mail-outbox/" + mail.get("id").asString()).json()
                            .get("bodyHtml").asString();
                    Matcher m = Pattern.compile("href=\"https?://[^/]+([^\"]+)\"").matcher(body);
                    if (m.find()) {
                        link.set(m.group(1).replace("&amp;", "&"));
                        return true;
                    }
                }
            }
            return false;
        });
        return link.get();
    }
}
