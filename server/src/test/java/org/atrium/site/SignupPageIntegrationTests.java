package org.atrium.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
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
        // The sign-in page says the address is confirmed and has it filled in (from the session, not the URL).
        HttpBrowser.Page signIn = owner.get(portal + "/login");
        assertThat(signIn.body()).contains("Your email address is confirmed")
                .contains("value=\"" + email + "\"");
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
    void anAdminWhoHasNotOpenedTheLinkCannotSignInAndTheLinkWorksOnce() {
        String slug = Fixtures.slug("unverified");
        String email = "owner@" + slug + ".example.test";
        HttpBrowser prospect = new HttpBrowser(port);
        prospect.get("/signup");
        assertThat(prospect.post("/signup", Map.of("name", "Unverified Co", "slug", slug, "email", email, "plan",
                "starter", "cycle", "monthly")).status()).isEqualTo(200);
        String portal = "/t/" + slug + "/portal";

        // No password exists before the link is opened, so no password signs in: the same refusal as a wrong one.
        HttpBrowser stranger = new HttpBrowser(port);
        stranger.get(portal + "/login");
        HttpBrowser.Page refused = stranger.post(portal + "/login", Map.of("email", email, "password", PASSWORD));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).contains("The email or password is not right");
        HttpBrowser.Page empty = stranger.post(portal + "/login", Map.of("email", email, "password", ""));
        assertThat(empty.status()).isEqualTo(401);

        String link = mailedLink(email);
        HttpBrowser owner = new HttpBrowser(port);
        owner.get(link);
        assertThat(owner.post(link, Map.of("password", PASSWORD)).location()).endsWith(portal + "/login");

        // Used once, the link shows that it is spent and sets no other password.
        HttpBrowser again = new HttpBrowser(port);
        again.get(portal + "/login"); // for the session's CSRF token: the spent link's page has no form
        HttpBrowser.Page spent = again.get(link);
        assertThat(spent.status()).isEqualTo(400);
        assertThat(spent.body()).contains("This link is not valid");
        HttpBrowser.Page reused = again.post(link, Map.of("password", "another-long-password"));
        assertThat(reused.status()).isEqualTo(400);
        HttpBrowser other = new HttpBrowser(port);
        other.get(portal + "/login");
        assertThat(other.post(portal + "/login", Map.of("email", email, "password", "another-long-password"))
                .status()).isEqualTo(401);
        assertThat(other.post(portal + "/login", Map.of("email", email, "password", PASSWORD)).location())
                .endsWith(portal + "/login/enrol");
    }

    @Test
    void reservedWorkspaceAddressesAreRefused() {
        // "hq" is refused before the reserved list is read: a workspace address has at least three characters.
        Map<String, String> why = Map.of("www", "Workspace address &#39;www&#39; is reserved",
                "api", "Workspace address &#39;api&#39; is reserved",
                "admin", "Workspace address &#39;admin&#39; is reserved",
                "hq", "Workspace address must be 3 to 63 lowercase letters");
        for (String reserved : List.of("www", "api", "admin", "hq")) {
            HttpBrowser prospect = new HttpBrowser(port);
            prospect.get("/signup");

            HttpBrowser.Page refused = prospect.post("/signup", Map.of("name", "Reserved Co", "slug", reserved,
                    "email", "x@" + reserved + ".example.test", "plan", "starter", "cycle", "monthly"));

            assertThat(refused.status()).as(reserved).isEqualTo(400);
            assertThat(refused.body()).contains(why.get(reserved));
            assertThat(Api.asRoot(port).get("/api/v1/tenants/" + reserved).status()).isEqualTo(404);
        }
    }

    @Test
    void scriptInTheCompanyNameIsRefusedAndShownOnlyEscaped() {
        String slug = Fixtures.slug("script");
        HttpBrowser prospect = new HttpBrowser(port);
        prospect.get("/signup");

        HttpBrowser.Page refused = prospect.post("/signup", Map.of("name", "<script>alert(1)</script>", "slug", slug,
                "email", "x@" + slug + ".example.test", "plan", "starter", "cycle", "monthly"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Company name must not contain &lt; or &gt;")
                .contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\"").doesNotContain("<script>alert");
        assertThat(Api.asRoot(port).get("/api/v1/tenants/" + slug).status()).isEqualTo(404);
    }

    @Test
    void hugeFieldsAreRefusedFieldByField() {
        String slug = Fixtures.slug("huge");
        String email = "x@" + slug + ".example.test";
        Map<String, Map<String, String>> cases = Map.of(
                "Company name is required, at most 200 characters", form("n".repeat(10_000), slug, email),
                "Workspace address must be 3 to 63", form("Huge Co", slug + "-" + "s".repeat(5_000), email),
                "Email is not an email address", form("Huge Co", slug, "e".repeat(3_000) + "@example.test"));
        cases.forEach((message, fields) -> {
            HttpBrowser prospect = new HttpBrowser(port);
            prospect.get("/signup");

            HttpBrowser.Page refused = prospect.post("/signup", fields);

            assertThat(refused.status()).as(message).isEqualTo(400);
            assertThat(refused.body()).contains(message);
        });
        assertThat(Api.asRoot(port).get("/api/v1/tenants/" + slug).status()).isEqualTo(404);
        assertThat(Api.asRoot(port).get("/api/v1/tenants?q=" + slug).json().get("totalItems").asLong()).isZero();
    }

    @Test
    void anUnknownPlanOrCycleIsRefused() {
        String slug = Fixtures.slug("bogus");
        String email = "x@" + slug + ".example.test";
        HttpBrowser prospect = new HttpBrowser(port);
        prospect.get("/signup");

        HttpBrowser.Page plan = prospect.post("/signup", Map.of("name", "Bogus Co", "slug", slug, "email", email,
                "plan", "platinum-unicorn", "cycle", "monthly"));
        HttpBrowser.Page cycle = prospect.post("/signup", Map.of("name", "Bogus Co", "slug", slug, "email", email,
                "plan", "starter", "cycle", "fortnightly"));

        assertThat(plan.status()).isEqualTo(400);
        assertThat(plan.body()).contains("Plan unknown plan &#39;platinum-unicorn&#39;");
        assertThat(cycle.status()).isEqualTo(400);
        assertThat(cycle.body()).contains("Billing cycle ").contains("fortnightly");
        assertThat(Api.asRoot(port).get("/api/v1/tenants/" + slug).status()).isEqualTo(404);
    }

    @Test
    void theSignupPageHasItsTitleAndDescriptionAndIsNeverStoredByCaches() {
        HttpBrowser.Page page = new HttpBrowser(port).get("/signup?plan=starter");

        assertThat(page.body()).contains("<title>Start your trial — Atrium</title>")
                .contains("<meta name=\"description\" content=\"Start a free trial of Atrium")
                .doesNotContain("<script");
        // It carries a CSRF token of its own: no shared cache may hand it to someone else.
        assertThat(page.headers().getOrDefault("cache-control", List.of()).toString()).contains("no-store");
    }

    private static Map<String, String> form(String name, String slug, String email) {
        return Map.of("name", name, "slug", slug, "email", email, "plan", "starter", "cycle", "monthly");
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
