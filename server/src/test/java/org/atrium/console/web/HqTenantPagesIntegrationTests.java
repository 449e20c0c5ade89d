package org.atrium.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.atrium.support.HqStaff;
import org.atrium.support.HttpBrowser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * The HQ's tenant pages over HTTP, as a staff member sees them: the list's search and filters, the overview, and the
 * actions on the tenant itself, each with the permission its API twin asks for.
 */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=moving-clock")
class HqTenantPagesIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Clock clock;

    @Test
    void theListFindsATenantBySlugNameOrAdminEmailAndKeepsItsFiltersInTheUrl() {
        Api root = Api.asRoot(port);
        String marker = Fixtures.token().toLowerCase();
        String first = tenant(root, "Harbour " + marker, "starter");
        String second = tenant(root, "Meadow " + marker, "starter");
        HttpBrowser support = HqStaff.signedIn(port, "support", clock.instant());

        HttpBrowser.Page byName = support.get("/hq/tenants?q=harbour+" + marker);
        assertThat(byName.status()).isEqualTo(200);
        assertThat(byName.body()).contains("id=\"tenant-" + first + "\"").doesNotContain("id=\"tenant-" + second + "\"")
                .contains("1 tenant<");
        HttpBrowser.Page byEmail = support.get("/hq/tenants?q=admin@" + second);
        assertThat(byEmail.body()).contains("id=\"tenant-" + second + "\"").doesNotContain("id=\"tenant-" + first + "\"");
        HttpBrowser.Page both = support.get("/hq/tenants?q=" + marker + "&sort=name,desc");
        assertThat(both.body()).contains("2 tenants");
        assertThat(both.body().indexOf("tenant-" + second)).isLessThan(both.body().indexOf("tenant-" + first));
        // The sort links keep the search; the form shows it again.
        assertThat(both.body()).contains("value=\"" + marker + "\"").contains("q=" + marker + "&amp;sort=name\"");

        // Filters: status after a suspension, and wallets below an amount.
        assertThat(root.post("/api/v1/tenants/" + first + "/suspend", Map.of("reason", "Test")).status()).isEqualTo(200);
        assertThat(support.get("/hq/tenants?q=" + marker + "&status=suspended").body())
                .contains("tenant-" + first).doesNotContain("tenant-" + second);
        assertThat(root.post("/api/v1/tenants/" + second + "/wallet/credits",
                Map.of("amount", "50.00", "reason", "Seed", "reference", "seed-" + marker)).status()).isEqualTo(201);
        assertThat(support.get("/hq/tenants?q=" + marker + "&balanceBelow=10").body())
                .contains("tenant-" + first).doesNotContain("tenant-" + second);
        String today = java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC).toString();
        assertThat(support.get("/hq/tenants?q=" + marker + "&createdFrom=" + today + "&createdTo=" + today).body())
                .contains("2 tenants");
        assertThat(support.get("/hq/tenants?q=" + marker + "&createdTo=2000-01-01").body())
                .contains("No tenant matches these filters.");

        // htmx asks for the results only: the same fragment, without the page around it.
        HttpBrowser.Page fragment = support.get("/hq/tenants?q=" + marker, "HX-Request", "true");
        assertThat(fragment.body()).contains("id=\"results\"").contains("tenant-" + first).doesNotContain("<html")
                .doesNotContain("id=\"filters\"");

        // Bad filters are refused with the server's message, not a stack trace.
        HttpBrowser.Page badDate = support.get("/hq/tenants?createdFrom=yesterday");
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.body()).contains("is not a date");
        assertThat(support.get("/hq/tenants?sort=password").status()).isEqualTo(400);
        assertThat(support.get("/hq/tenants?balanceBelow=lots").status()).isEqualTo(400);
    }

    @Test
    void suspendingAsksForAReasonAndAConfirmationThenShowsTheReasonOnTheOverview() {
        Api root = Api.asRoot(port);
        String slug = tenant(root, "Quay Freight", "starter");
        HttpBrowser support = HqStaff.signedIn(port, "support", clock.instant());
        HttpBrowser.Page overview = support.get("/hq/tenants/" + slug);
        assertThat(overview.status()).isEqualTo(200);
        assertThat(overview.body()).contains("Quay Freight").contains("id=\"suspend\"").contains("Open the portal");

        support.get("/hq/tenants/" + slug + "/suspend");
        assertThat(support.post("/hq/tenants/" + slug + "/suspend", Map.of("reason", " ")).status()).isEqualTo(400);
        HttpBrowser.Page confirm = support.post("/hq/tenants/" + slug + "/suspend", Map.of("reason", "Chargeback"));
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("lose access at once").contains("Reason: Chargeback");
        assertThat(status(root, slug)).isEqualTo("trial");

        HttpBrowser.Page done = support.post("/hq/tenants/" + slug + "/suspend",
                Map.of("reason", "Chargeback", "confirmed", "yes"));
        assertThat(done.location()).endsWith("/hq/tenants/" + slug + "?done=suspended");
        assertThat(status(root, slug)).isEqualTo("suspended");
        HttpBrowser.Page suspended = support.get("/hq/tenants/" + slug + "?done=suspended");
        assertThat(suspended.body()).contains("The tenant is suspended.").contains(": Chargeback")
                .contains("id=\"activate\"").doesNotContain("id=\"suspend\"");

        // A second suspension is refused by the module, and the page shows its message.
        HttpBrowser.Page again = support.post("/hq/tenants/" + slug + "/suspend",
                Map.of("reason", "Again", "confirmed", "yes"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("role=\"alert\"").contains("suspended");

        support.post("/hq/tenants/" + slug + "/activate", Map.of("reason", "Paid", "confirmed", "yes"));
        assertThat(status(root, slug)).isEqualTo("trial");
        String id = root.get("/api/v1/tenants/" + slug).json().get("id").asString();
        JsonNode audit = root.get("/api/v1/audit-events?tenantId=" + id + "&type=tenant.suspended").json();
        assertThat(audit.get("items").size()).as(audit.toString()).isEqualTo(1);
    }

    @Test
    void withoutTenantsManageThereIsNoSuspendButtonAndAPostIsRefused() {
        Api root = Api.asRoot(port);
        String slug = tenant(root, "Orchard", "starter");
        HttpBrowser billing = HqStaff.signedIn(port, "billing", clock.instant());
        HttpBrowser.Page overview = billing.get("/hq/tenants/" + slug);
        assertThat(overview.status()).isEqualTo(200);
        assertThat(overview.body()).doesNotContain("id=\"suspend\"").doesNotContain("id=\"delete\"")
                .doesNotContain("Open the portal");
        assertThat(billing.post("/hq/tenants/" + slug + "/suspend", Map.of("reason", "x", "confirmed", "yes"))
                .status()).isEqualTo(403);
        assertThat(billing.get("/hq/tenants/new").status()).isEqualTo(403);
        assertThat(status(root, slug)).isEqualTo("trial");
        // Sections of the HQ a billing role does not have are not in its navigation.
        assertThat(overview.body()).contains("href=\"/hq/invoices\"").doesNotContain("href=\"/hq/staff\"")
                .doesNotContain("href=\"/hq/settings\"");
    }

    @Test
    void aFormWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        Api root = Api.asRoot(port);
        String slug = tenant(root, "Lantern", "starter");
        HttpBrowser support = HqStaff.signedIn(port, "support", clock.instant());
        support.get("/hq/tenants/" + slug);
        assertThat(support.postWithoutCsrf("/hq/tenants/" + slug + "/suspend",
                Map.of("reason", "x", "confirmed", "yes")).status()).isEqualTo(403);
        assertThat(support.post("/hq/tenants/" + slug + "/suspend",
                Map.of("reason", "x", "confirmed", "yes", "_csrf", "forged")).status()).isEqualTo(403);
        assertThat(status(root, slug)).isEqualTo("trial");
    }

    @Test
    void aForgedSlugIsNotFoundAndATenantUsersSessionIsNoHqSession() {
        HttpBrowser support = HqStaff.signedIn(port, "support", clock.instant());
        HttpBrowser.Page forged = support.get("/hq/tenants/no-such-tenant-" + Fixtures.token().toLowerCase());
        assertThat(forged.status()).isEqualTo(404);
        assertThat(forged.body()).contains("Not found").contains("role=\"alert\"");
        assertThat(support.get("/hq/tenants/%3Cscript%3E/wallet").status()).isEqualTo(404);
        // A page of the list is read before posting, as a person would.
        support.get("/hq/tenants");
        HttpBrowser.Page post = support.post("/hq/tenants/no-such-tenant/suspend",
                Map.of("reason", "x", "confirmed", "yes"));
        assertThat(post.status()).as(post.toString()).isEqualTo(404);

        // Nobody signed in, or a session of the other realm: the HQ asks to sign in.
        assertThat(new HttpBrowser(port).get("/hq/tenants").location()).endsWith("/hq/login");
        HttpBrowser forgedCookie = new HttpBrowser(port);
        forgedCookie.setCookie("ATRIUM_HQ", support.cookie("ATRIUM_HQ") + "x", "/hq");
        assertThat(forgedCookie.get("/hq/tenants").location()).endsWith("/hq/login");

        // A tenant admin signed in to the portal: that session is worth nothing on the HQ's pages.
        String portalSession = portalAdminSession();
        HttpBrowser crossRealm = new HttpBrowser(port);
        crossRealm.setCookie("ATRIUM_HQ", portalSession, "/hq");
        assertThat(crossRealm.get("/hq/tenants").location()).endsWith("/hq/login");
        // The portal session carries no HQ token: a form posted with it is refused before any page runs.
        assertThat(crossRealm.postWithoutCsrf("/hq/tenants/new", Map.of("slug", "x", "name", "x")).status())
                .isEqualTo(403);
    }

    /** The portal session cookie of a new tenant's first admin, signed in with a password and TOTP. */
    private String portalAdminSession() {
        Api root = Api.asRoot(port);
        String slug = tenant(root, "Portal Side", "starter");
        String id = root.get("/api/v1/tenants/" + slug).json().get("id").asString();
        String adminEmail = "admin@" + slug + ".example.test";
        String setPassword = mailedLink(id, "identity.password_set_link", adminEmail);
        HttpBrowser admin = new HttpBrowser(port);
        admin.get(setPassword);
        assertThat(admin.post(setPassword, Map.of("password", HqStaff.PASSWORD)).location()).endsWith("/portal/login");
        String base = "/t/" + slug + "/portal";
        admin.get(base + "/login");
        assertThat(admin.post(base + "/login", Map.of("email", adminEmail, "password", HqStaff.PASSWORD)).location())
                .endsWith(base + "/login/enrol");
        String secret = admin.get(base + "/login/enrol").find("<code id=\"secret\">([A-Z2-7]+)</code>");
        assertThat(admin.post(base + "/login/enrol", Map.of("code", HqStaff.code(secret, clock.instant()))).status())
                .isEqualTo(200);
        assertThat(admin.get(base).status()).isEqualTo(200);
        return admin.cookie("ATRIUM_PORTAL");
    }

    private String mailedLink(String tenantId, String type, String recipient) {
        Api root = Api.asRoot(port);
        for (int attempt = 0; attempt < 50; attempt++) {
            for (JsonNode mail : root.get("/api/v1/mail-outbox?size=200&type=" + type).json().get("items")) {
                if (mail.get("recipient").asString().equalsIgnoreCase(recipient)) {
                    String body = root.get("/api/v1/mail-outbox/" + mail.get("id").asString()).json().get("bodyHtml")
                            .asString();
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("href=\"https?://[^/]+([^\"]+)\"")
                            .matcher(body);
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
        throw new AssertionError("No " + type + " mail to " + recipient + " for " + tenantId);
    }

    @Test
    void markupInNamesAndReasonsIsShownAsText() {
        Api root = Api.asRoot(port);
        String slug = tenant(root, "<script>alert('n')</script><b>Bold</b>", "starter");
        HttpBrowser support = HqStaff.signedIn(port, "support", clock.instant());
        support.get("/hq/tenants/" + slug + "/suspend");
        support.post("/hq/tenants/" + slug + "/suspend",
                Map.of("reason", "<img src=x onerror=alert(1)>", "confirmed", "yes"));
        for (String path : new String[] { "/hq/tenants?q=" + slug, "/hq/tenants/" + slug,
                "/hq/tenants/" + slug + "/wallet" }) {
            HttpBrowser.Page page = support.get(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).doesNotContain("<script>alert").doesNotContain("<b>Bold")
                    .contains("&lt;script&gt;").doesNotContain("style=");
        }
        assertThat(support.get("/hq/tenants/" + slug).body()).doesNotContain("<img src=x")
                .contains("&lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void creatingATenantShowsTheServersMessageForABadSlugAndOpensTheNewTenant() {
        HttpBrowser support = HqStaff.signedIn(port, "support", clock.instant());
        assertThat(support.get("/hq/tenants/new").status()).isEqualTo(200);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("slug", "Not A Slug!");
        form.put("name", "Willow");
        form.put("plan", "starter");
        form.put("adminEmail", "admin@willow.example.test");
        HttpBrowser.Page refused = support.post("/hq/tenants/new", form);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("role=\"alert\"").contains("value=\"Willow\"");
        String slug = Fixtures.slug("willow");
        form.put("slug", slug);
        HttpBrowser.Page created = support.post("/hq/tenants/new", form);
        assertThat(created.location()).endsWith("/hq/tenants/" + slug + "?done=created");
        assertThat(support.get("/hq/tenants/" + slug + "?done=created").body()).contains("Tenant created.")
                .contains("Willow").contains("admin@willow.example.test");
        assertThat(support.post("/hq/tenants/new", form).status()).isEqualTo(409);
    }

    @Test
    void aFormOfAnEarlierPageOfTheSessionStillWorksAfterOtherRequests() {
        // Two tabs of one session, or a page whose results htmx has swapped: its forms must still be accepted.
        Api root = Api.asRoot(port);
        String slug = tenant(root, "Two Tabs", "starter");
        HttpBrowser support = HqStaff.signedIn(port, "support", clock.instant());
        support.get("/hq/tenants/" + slug + "/suspend");
        String first = support.csrf();
        support.get("/hq/tenants?q=" + slug, "HX-Request", "true");
        support.get("/hq/tenants/" + slug);
        HttpBrowser.Page posted = support.post("/hq/tenants/" + slug + "/suspend",
                Map.of("reason", "From the first tab", "confirmed", "yes", "_csrf", first));
        assertThat(posted.location()).as(posted.toString()).endsWith("?done=suspended");
    }

    @Test
    void deletingAndRestoringAreEachConfirmedFirst() {
        Api root = Api.asRoot(port);
        String slug = tenant(root, "Bramble", "starter");
        HttpBrowser support = HqStaff.signedIn(port, "support", clock.instant());
        HttpBrowser.Page ask = support.get("/hq/tenants/" + slug + "/delete");
        assertThat(ask.body()).contains("can be restored within 30 days").contains("id=\"confirm\"");
        assertThat(root.get("/api/v1/tenants/" + slug).status()).isEqualTo(200);
        assertThat(support.post("/hq/tenants/" + slug + "/delete", Map.of("confirmed", "yes")).location())
                .endsWith("/hq/tenants?deleted=true&q=" + slug);
        assertThat(root.get("/api/v1/tenants/" + slug).status()).isEqualTo(404);
        assertThat(support.get("/hq/tenants/" + slug).status()).isEqualTo(404);

        HttpBrowser.Page deleted = support.get("/hq/tenants?deleted=true&q=" + slug);
        assertThat(deleted.body()).contains("id=\"restore-" + slug + "\"");
        assertThat(support.post("/hq/tenants/" + slug + "/restore", Map.of()).body()).contains("is restored as it was");
        assertThat(root.get("/api/v1/tenants/" + slug).status()).isEqualTo(404);
        assertThat(support.post("/hq/tenants/" + slug + "/restore", Map.of("confirmed", "yes")).location())
                .endsWith("/hq/tenants/" + slug + "?done=restored");
        assertThat(root.get("/api/v1/tenants/" + slug).status()).isEqualTo(200);
    }

    static String tenant(Api root, String name, String plan) {
        String slug = Fixtures.slug("hq");
        Api.Response created = root.post("/api/v1/tenants", Fixtures.tenantRequest(slug, name, plan));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return slug;
    }

    static String status(Api root, String slug) {
        return root.get("/api/v1/tenants/" + slug).json().get("status").asString();
    }
}
