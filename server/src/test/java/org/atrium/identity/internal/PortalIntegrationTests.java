package org.atrium.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.atrium.platform.AdjustableClock;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.HttpBrowser;
import org.atrium.support.Fixtures;
import org.atrium.support.MailOutbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * Tenant users over HTTP: the first admin's set-password link, 2FA enrolment for admins, invitations against the
 * plan's max_users, password reset, realm and tenant separation, impersonation.
 */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=moving-clock")
class PortalIntegrationTests {

    static final String PASSWORD = "a-long-enough-password";

    @LocalServerPort
    int port;

    @Autowired
    AdjustableClock clock;

    record Team(String slug, String tenantId, String adminEmail, HttpBrowser admin, String secret) {
        String base() {
            return "/t/" + slug + "/portal";
        }
    }

    @Test
    void theFirstAdminSetsAPasswordEnrolsTotpAndInvitesUpToThePlansLimit() {
        Team team = team("free"); // the free plan allows 2 users: the admin and one more
        assertThat(team.admin().get(team.base()).body()).contains("Signed in as").contains(team.adminEmail());
        assertThat(events("tenant_user.2fa_enrolled", team.adminEmail())).hasSize(1);

        String staffEmail = Fixtures.email("staff");
        HttpBrowser.Page invited = team.admin().post(team.base() + "/team/invitations",
                Map.of("email", staffEmail, "role", "tenant_staff"));
        assertThat(invited.location()).as(invited.toString()).endsWith(team.base() + "/team");
        team.admin().get(team.base());
        HttpBrowser.Page full = team.admin().post(team.base() + "/team/invitations",
                Map.of("email", Fixtures.email("third"), "role", "tenant_readonly"));
        assertThat(full.status()).as(full.toString()).isEqualTo(403);
        assertThat(full.body()).contains("limit-exceeded");

        String invitation = link("identity.invitation", staffEmail);
        HttpBrowser staff = new HttpBrowser(port);
        assertThat(staff.get(invitation).status()).isEqualTo(200);
        HttpBrowser.Page weak = staff.post(invitation, Map.of("name", "Sam Staff", "password", "password1234"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.body()).contains("most common");
        assertThat(staff.post(invitation, Map.of("name", "Sam Staff", "password", PASSWORD)).location())
                .endsWith(team.base() + "/login");
        // A used invitation, and a forged one, are refused and change nothing.
        HttpBrowser replay = new HttpBrowser(port);
        assertThat(replay.get(invitation).status()).isEqualTo(400);
        staff.get(team.base() + "/login");
        assertThat(staff.post(invitation, Map.of("name", "Again", "password", PASSWORD)).status()).isEqualTo(400);
        assertThat(replay.get(team.base() + "/invitations/forged-token").status()).isEqualTo(400);

        JsonNode usage = Api.asRoot(port).get("/api/v1/tenants/" + team.slug() + "/entitlements").json();
        assertThat(usage.toString()).contains("\"max_users\"");
        assertThat(currentUsers(team.slug())).isEqualTo(2);

        signIn(staff, team.base(), staffEmail);
        assertThat(staff.get(team.base()).body()).contains("tenant_staff").doesNotContain("id=\"team\"");
        assertThat(staff.post(team.base() + "/team/invitations",
                Map.of("email", Fixtures.email("x"), "role", "tenant_staff")).status()).isEqualTo(403);

        // Removing the staff member ends their sessions and frees the seat.
        String staffId = Api.asRoot(port).get("/api/v1/tenants/" + team.slug() + "/users").json().get("items")
                .valueStream().filter(u -> u.get("email").asString().equals(staffEmail)).findFirst().orElseThrow()
                .get("id").asString();
        team.admin().get(team.base());
        assertThat(team.admin().post(team.base() + "/team/users/" + staffId + "/remove", Map.of()).location())
                .endsWith(team.base() + "/team");
        assertThat(staff.get(team.base()).location()).endsWith(team.base() + "/login");
        assertThat(currentUsers(team.slug())).isEqualTo(1);
    }

    @Test
    void aUserOfOneTenantCannotReachAnotherTenantsPortalNorTheHq() {
        Team a = team("starter");
        Team b = team("starter");
        String session = a.admin().cookie("ATRIUM_PORTAL");
        assertThat(session).isNotNull();
        // The cookie is scoped to A's portal: a browser never sends it to B's. Sent there anyway, it is not found.
        HttpBrowser forged = new HttpBrowser(port);
        forged.setCookie("ATRIUM_PORTAL", session, b.base());
        assertThat(forged.get(b.base()).status()).isEqualTo(404);
        assertThat(forged.get(b.base() + "/login").status()).isEqualTo(404);
        // A's admin on B's login page is just an unknown account.
        HttpBrowser other = new HttpBrowser(port);
        other.get(b.base() + "/login");
        assertThat(other.post(b.base() + "/login", Map.of("email", a.adminEmail(), "password", PASSWORD)).status())
                .isEqualTo(401);
        // The portal session is worthless in the HQ, and an HQ session in the portal.
        HttpBrowser crossRealm = new HttpBrowser(port);
        crossRealm.setCookie("ATRIUM_HQ", session, "/hq");
        assertThat(crossRealm.get("/hq").location()).endsWith("/hq/login");
        String staffEmail = Fixtures.email("ops");
        Api.asRoot(port).post("/api/v1/staff",
                Map.of("email", staffEmail, "name", "Ops", "password", PASSWORD, "role", "analyst"));
        HttpBrowser hq = new HttpBrowser(port);
        hq.get("/hq/login");
        assertThat(hq.post("/hq/login", Map.of("email", staffEmail, "password", PASSWORD)).location()).endsWith("/hq");
        HttpBrowser hqInPortal = new HttpBrowser(port);
        hqInPortal.setCookie("ATRIUM_PORTAL", hq.cookie("ATRIUM_HQ"), a.base());
        assertThat(hqInPortal.get(a.base()).location()).endsWith(a.base() + "/login");
        // An unknown tenant's portal does not exist.
        assertThat(new HttpBrowser(port).get("/t/no-such-tenant-here/portal/login").status()).isEqualTo(404);
    }

    @Test
    void aPasswordResetAnswersTheSameForAnyAddressAndItsLinkWorksOnceForThirtyMinutes() {
        Team team = team("starter");
        HttpBrowser anyone = new HttpBrowser(port);
        anyone.get(team.base() + "/password-reset");
        HttpBrowser.Page unknown = anyone.post(team.base() + "/password-reset", Map.of("email", Fixtures.email("nobody")));
        HttpBrowser.Page known = anyone.post(team.base() + "/password-reset", Map.of("email", team.adminEmail()));
        assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(200);
        String csrf = "name=\"_csrf\" value=\"[^\"]+\"";
        assertThat(unknown.body().replaceAll(csrf, "")).isEqualTo(known.body().replaceAll(csrf, ""));

        String reset = link("identity.password_reset_link", team.adminEmail());
        HttpBrowser owner = new HttpBrowser(port);
        owner.get(reset);
        assertThat(owner.post(reset, Map.of("password", "short")).status()).isEqualTo(400);
        String newPassword = "another-long-password";
        assertThat(owner.post(reset, Map.of("password", newPassword)).location()).endsWith(team.base() + "/login");
        // Every session ended with the change; the link is spent.
        assertThat(team.admin().get(team.base()).location()).endsWith(team.base() + "/login");
        assertThat(owner.post(reset, Map.of("password", "yet-another-password")).status()).isEqualTo(400);
        assertThat(events("tenant_user.password_reset_completed", team.adminEmail()))
                .extracting(e -> e.get("after").get("purpose").asString() + " by " + e.get("actorType").asString())
                .containsExactly("reset by tenant_user", "set by tenant_user");

        // A link left unused for 30 minutes has expired.
        anyone.post(team.base() + "/password-reset", Map.of("email", team.adminEmail()));
        String late = link("identity.password_reset_link", team.adminEmail());
        clock.advance(Duration.ofMinutes(30));
        assertThat(new HttpBrowser(port).get(late).status()).isEqualTo(400);
    }

    @Test
    void staffImpersonateATenantAdminForABoundedTimeWithEverythingRecordedUnderBothNames() {
        Team team = team("starter");
        String supportEmail = Fixtures.email("support");
        Api.asRoot(port).post("/api/v1/staff",
                Map.of("email", supportEmail, "name", "Support", "password", PASSWORD, "role", "support"));
        Api support = Api.anonymous(port).withBasic(supportEmail, PASSWORD);
        String path = "/api/v1/tenants/" + team.slug() + "/impersonations";

        Fixtures.invalid(support.post(path, Map.of("reason", "Ticket 4411", "minutes", 31)), "minutes");
        Fixtures.invalid(support.post(path, Map.of("reason", "", "minutes", 10)), "reason");
        // An API key is not a person: it cannot impersonate.
        Fixtures.problem(Api.asRoot(port).post(path, Map.of("reason", "Ticket 4411", "minutes", 10)), 403, "forbidden");
        // An analyst lacks tenants.impersonate.
        String analyst = Fixtures.email("analyst");
        Api.asRoot(port).post("/api/v1/staff",
                Map.of("email", analyst, "name", "Analyst", "password", PASSWORD, "role", "analyst"));
        Fixtures.problem(Api.anonymous(port).withBasic(analyst, PASSWORD).post(path,
                Map.of("reason", "Ticket 4411", "minutes", 10)), 403, "forbidden");

        Api.Response started = support.post(path, Map.of("reason", "Ticket 4411", "minutes", 10));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        String open = started.json().get("openPath").asString();
        HttpBrowser agent = new HttpBrowser(port);
        assertThat(agent.get(open).location()).endsWith(team.base());
        HttpBrowser.Page home = agent.get(team.base());
        assertThat(home.body()).contains(supportEmail + " is acting as " + team.adminEmail()).contains("Ticket 4411");
        assertThat(new HttpBrowser(port).get(open).status()).as("the link works once").isEqualTo(404);

        // Forbidden while impersonating: the user's second factor and password.
        assertThat(agent.get(team.base() + "/account/2fa").status()).isEqualTo(403);
        assertThat(agent.post(team.base() + "/password-reset", Map.of("email", team.adminEmail())).status())
                .isEqualTo(403);

        // What is done meanwhile is recorded as the staff member, on behalf of the admin.
        String invitee = Fixtures.email("invitee");
        agent.get(team.base());
        agent.post(team.base() + "/team/invitations", Map.of("email", invitee, "role", "tenant_readonly"));
        JsonNode sent = events("tenant_user.invitation_sent", invitee).get(0);
        assertThat(sent.get("actorType").asString()).isEqualTo("staff");
        assertThat(sent.get("after").get("onBehalfOf").asString()).isEqualTo(team.adminEmail());
        assertThat(sent.get("actorId").asString()).isEqualTo(staffId(supportEmail));
        assertThat(sent.get("onBehalfOf").asString()).startsWith("tenant_user:");
        assertThat(sent.get("userAgent").asString()).isEqualTo("AtriumTestBrowser/1.0");

        // At expiry the session is worth nothing and the impersonation is ended.
        clock.advance(Duration.ofMinutes(10));
        assertThat(agent.get(team.base()).location()).endsWith(team.base() + "/login");
        JsonNode ended = Api.asRoot(port).get(path).json().get("items").get(0);
        assertThat(ended.get("endReason").asString()).isEqualTo("expired");
        assertThat(ended.get("staffEmail").asString()).isEqualTo(supportEmail);

        // The tenant's admins see it in their portal.
        HttpBrowser admin = new HttpBrowser(port);
        signIn(admin, team.base(), team.adminEmail(), team.secret());
        assertThat(admin.get(team.base() + "/security").body()).contains(supportEmail).contains("Ticket 4411");
    }

    @Test
    void staffChooseWhichOfATenantsAdminsToImpersonateAndAnyoneElseIsNotFound() {
        Team team = team("growth");
        String second = Fixtures.email("second-admin");
        team.admin().get(team.base());
        assertThat(team.admin().post(team.base() + "/team/invitations", Map.of("email", second, "role",
                "tenant_admin")).location()).endsWith(team.base() + "/team");
        String invitation = link("identity.invitation", second);
        HttpBrowser invitee = new HttpBrowser(port);
        invitee.get(invitation);
        assertThat(invitee.post(invitation, Map.of("name", "Second Admin", "password", PASSWORD)).location())
                .endsWith(team.base() + "/login");
        String supportEmail = Fixtures.email("support");
        Api root = Api.asRoot(port);
        root.post("/api/v1/staff", Map.of("email", supportEmail, "name", "Support", "password", PASSWORD, "role",
                "support"));
        Api support = Api.anonymous(port).withBasic(supportEmail, PASSWORD);
        String path = "/api/v1/tenants/" + team.slug() + "/impersonations";

        Api.Response chosen = support.post(path, Map.of("reason", "Ticket 5120", "minutes", 5, "userId",
                userId(team.slug(), second)));
        assertThat(chosen.status()).as(chosen.toString()).isEqualTo(201);
        assertThat(chosen.json().get("impersonation").get("userEmail").asString()).isEqualTo(second);
        HttpBrowser agent = new HttpBrowser(port);
        agent.get(chosen.json().get("openPath").asString());
        assertThat(agent.get(team.base()).body()).contains(supportEmail + " is acting as " + second);
        // The HQ's form names the admin by email.
        HttpBrowser hq = new HttpBrowser(port);
        hq.get("/hq/login");
        assertThat(hq.post("/hq/login", Map.of("email", supportEmail, "password", PASSWORD)).location()).endsWith("/hq");
        hq.get("/hq");
        HttpBrowser.Page fromHq = hq.post("/hq/tenants/impersonate", Map.of("slug", team.slug(), "reason",
                "Ticket 5123", "minutes", "5", "admin", second.toUpperCase()));
        assertThat(fromHq.location()).as(fromHq.toString()).contains(team.base() + "/impersonation/");
        hq.get(fromHq.location().substring(fromHq.location().indexOf("/t/")));
        assertThat(hq.get(team.base()).body()).contains(supportEmail + " is acting as " + second);
        hq.get("/hq");
        assertThat(hq.post("/hq/tenants/impersonate", Map.of("slug", team.slug(), "reason", "Ticket 5124",
                "minutes", "5", "admin", Fixtures.email("stranger"))).status()).isEqualTo(404);
        // Without a user, the tenant's first admin.
        Api.Response byDefault = support.post(path, Map.of("reason", "Ticket 5121", "minutes", 5));
        assertThat(byDefault.json().get("impersonation").get("userEmail").asString()).isEqualTo(team.adminEmail());

        // Another tenant's admin, or an id nobody has, is not found here, and nothing starts.
        JsonNode other = Fixtures.tenantOn(root, "starter");
        String otherSlug = other.get("slug").asString();
        String foreignAdmin = userId(otherSlug, "admin@" + otherSlug + ".example.test");
        int before = root.get(path).json().get("totalItems").asInt();
        Fixtures.problem(support.post(path, Map.of("reason", "Ticket 5122", "minutes", 5, "userId", foreignAdmin)),
                404, "not-found");
        Fixtures.problem(support.post(path, Map.of("reason", "Ticket 5122", "minutes", 5, "userId",
                java.util.UUID.randomUUID().toString())), 404, "not-found");
        Fixtures.invalid(support.post(path, Map.of("reason", "Ticket 5122", "minutes", 5, "userId", "admin")),
                "userId");
        assertThat(root.get(path).json().get("totalItems").asInt()).isEqualTo(before);
    }

    @Test
    void staffInviteAFirstAdminForATenantThatHasNoneOnlyWhileItHasNone() {
        Api root = Api.asRoot(port);
        String slug = Fixtures.slug("no-admin");
        Map<String, Object> request = Fixtures.tenantRequest(slug, "Tenant " + slug, "starter");
        request.remove("adminEmail");
        Api.Response created = root.post("/api/v1/tenants", request);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String users = "/api/v1/tenants/" + slug + "/users";
        assertThat(root.get(users).json().get("totalItems").asInt()).isZero();
        String path = users + "/first-admin";
        String analyst = Fixtures.email("analyst");
        root.post("/api/v1/staff", Map.of("email", analyst, "name", "Analyst", "password", PASSWORD, "role",
                "analyst"));

        Fixtures.invalid(root.post(path, Map.of("email", "not-an-address")), "email");
        Fixtures.problem(Api.anonymous(port).withBasic(analyst, PASSWORD).post(path,
                Map.of("email", Fixtures.email("first"))), 403, "forbidden");
        Fixtures.problem(root.post("/api/v1/tenants/no-such-tenant-here/users/first-admin",
                Map.of("email", Fixtures.email("first"))), 404, "not-found");
        String adminEmail = Fixtures.email("first-admin");
        Api.Response invited = root.post(path, Map.of("email", adminEmail));
        assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
        assertThat(invited.json().get("role").asString()).isEqualTo("tenant_admin");
        assertThat(invited.json().get("email").asString()).isEqualTo(adminEmail);
        // One open admin invitation at a time.
        Fixtures.problem(root.post(path, Map.of("email", Fixtures.email("another"))), 409, "first-admin-invited");

        String invitation = link("identity.invitation", adminEmail);
        HttpBrowser admin = new HttpBrowser(port);
        admin.get(invitation);
        assertThat(admin.post(invitation, Map.of("name", "First Admin", "password", PASSWORD)).location())
                .endsWith("/t/" + slug + "/portal/login");
        JsonNode members = root.get(users).json().get("items");
        assertThat(members).singleElement().satisfies(u -> {
            assertThat(u.get("email").asString()).isEqualTo(adminEmail);
            assertThat(u.get("role").asString()).isEqualTo("tenant_admin");
        });
        // From now on the tenant's admin invites the team.
        Fixtures.problem(root.post(path, Map.of("email", Fixtures.email("late"))), 409, "tenant-has-admin");
        assertThat(events("tenant_user.first_admin_invited", adminEmail)).hasSize(1);
        // A tenant created with an admin email has its admin already.
        String withAdmin = Fixtures.tenantOn(root, "starter").get("slug").asString();
        Fixtures.problem(root.post("/api/v1/tenants/" + withAdmin + "/users/first-admin",
                Map.of("email", Fixtures.email("extra"))), 409, "tenant-has-admin");
    }

    private String userId(String slug, String email) {
        return Api.asRoot(port).get("/api/v1/tenants/" + slug + "/users").json().get("items").valueStream()
                .filter(u -> u.get("email").asString().equalsIgnoreCase(email)).findFirst().orElseThrow().get("id")
                .asString();
    }

    /** A tenant whose first admin has chosen a password and enrolled TOTP; the admin's browser is signed in. */
    private Team team(String plan) {
        JsonNode tenant = Fixtures.tenantOn(Api.asRoot(port), plan);
        String slug = tenant.get("slug").asString();
        String tenantId = tenant.get("id").asString();
        String adminEmail = "admin@" + slug + ".example.test";
        String setPassword = link("identity.password_set_link", adminEmail);
        HttpBrowser admin = new HttpBrowser(port);
        assertThat(admin.get(setPassword).status()).isEqualTo(200);
        assertThat(admin.post(setPassword, Map.of("password", PASSWORD)).location()).endsWith("/portal/login");
        String base = "/t/" + slug + "/portal";
        admin.get(base + "/login");
        assertThat(admin.post(base + "/login", Map.of("email", adminEmail, "password", PASSWORD)).location())
                .endsWith(base + "/login/enrol");
        String secret = admin.get(base + "/login/enrol").find("<code id=\"secret\">([A-Z2-7]+)</code>");
        HttpBrowser.Page codes = admin.post(base + "/login/enrol",
                Map.of("code", HqSignInIntegrationTests.code(secret, clock.instant())));
        assertThat(codes.status()).as(codes.toString()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(30));
        return new Team(slug, tenantId, adminEmail, admin, secret);
    }

    private String staffId(String email) {
        return Api.asRoot(port).get("/api/v1/staff").json().get("items").valueStream()
                .filter(u -> u.get("email").asString().equals(email)).findFirst().orElseThrow().get("id").asString();
    }

    private void signIn(HttpBrowser browser, String base, String email) {
        browser.get(base + "/login");
        HttpBrowser.Page page = browser.post(base + "/login", Map.of("email", email, "password", PASSWORD));
        assertThat(page.location()).as(page.toString()).endsWith(base);
    }

    private void signIn(HttpBrowser browser, String base, String email, String secret) {
        browser.get(base + "/login");
        assertThat(browser.post(base + "/login", Map.of("email", email, "password", PASSWORD)).location())
                .endsWith("/login/code");
        browser.get(base + "/login/code");
        assertThat(browser.post(base + "/login/code",
                Map.of("code", HqSignInIntegrationTests.code(secret, clock.instant()))).location()).endsWith(base);
        clock.advance(Duration.ofSeconds(30));
    }

    private long currentUsers(String slug) {
        JsonNode snapshot = Api.asRoot(port).get("/api/v1/tenants/" + slug + "/entitlements").json();
        for (JsonNode limit : snapshot.get("limits")) {
            if (limit.has("metric") && limit.get("metric").asString().equals("max_users")) {
                return limit.get("current").asLong();
            }
        }
        JsonNode byKey = snapshot.get("limits").get("max_users");
        return byKey.get("current").asLong();
    }

    /** The path of the newest link mailed to a recipient in a mail of the type. */
    private String link(String type, String recipient) {
        return MailOutbox.linkPath(MailOutbox.newest(port, type, recipient));
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
