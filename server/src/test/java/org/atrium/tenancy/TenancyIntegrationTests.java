package org.atrium.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.support.Fixtures.invalid;
import static org.atrium.support.Fixtures.problem;
import static org.atrium.support.Fixtures.slug;
import static org.atrium.support.Fixtures.tenantRequest;
import static org.atrium.support.Fixtures.token;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atrium.platform.TenantId;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;

@AtriumIntegrationTest
class TenancyIntegrationTests {

    /**
     * The switches of the catalogue and their defaults: the five seeded lending switches, and goldLoans, which these
     * tests add (a tenant's values must be switches of the catalogue).
     */
    private static final Map<String, Boolean> DEFAULT_SWITCHES = Map.of("borrowerSelfRegistration", false,
            "manualLoanApproval", true, "automaticDisbursement", false, "lateFeeAutomation", false,
            "multiLevelApproval", false, "goldLoans", false);

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    TransactionTemplate tx;

    Api api;

    @BeforeEach
    void setUp() {
        api = Api.asRoot(port);
        int status = api.post("/api/v1/feature-switches", Map.of("key", "goldLoans", "name", "Gold loans",
                "defaultValue", false)).status();
        assertThat(status).isIn(201, 409);
    }

    @Test
    void createsATenantInTrialWithRegionalDefaultsFromTheGlobalSettingsAndTheDefaultSwitches() {
        JsonNode settings = api.get("/api/v1/settings").json();
        String slug = slug("acme-loans");

        Api.Response created = api.post("/api/v1/tenants", tenantRequest(slug, "Acme Loans", "starter"));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/tenants/" + slug);
        JsonNode tenant = created.json();
        assertThat(tenant.get("slug").asString()).isEqualTo(slug);
        assertThat(tenant.get("name").asString()).isEqualTo("Acme Loans");
        assertThat(tenant.get("status").asString()).isEqualTo("trial");
        assertThat(tenant.get("plan").asString()).isEqualTo("starter");
        assertThat(tenant.get("regional").get("timezone").asString())
                .isEqualTo(settings.get("defaultTimezone").asString());
        assertThat(tenant.get("regional").get("currency").asString())
                .isEqualTo(settings.get("defaultCurrency").asString());
        assertThat(tenant.get("regional").get("locale").asString()).isEqualTo(settings.get("defaultLocale").asString());
        assertThat(switches(tenant)).isEqualTo(DEFAULT_SWITCHES);
        assertThat(tenant.get("contact").get("email").asString()).isEqualTo("admin@" + slug + ".example.test");

        JsonNode read = api.get("/api/v1/tenants/" + slug).json();
        assertThat(read.get("id").asString()).isEqualTo(tenant.get("id").asString());
        assertThat(switches(read)).isEqualTo(DEFAULT_SWITCHES);

        JsonNode audit = api.get("/api/v1/audit-events?type=tenant.created&tenantId=" + tenant.get("id").asString())
                .json();
        assertThat(audit.get("totalItems").asLong()).isEqualTo(1);
        assertThat(audit.get("items").get(0).get("actorType").asString()).isEqualTo("api_key");
        assertThat(audit.get("items").get(0).get("after").get("slug").asString()).isEqualTo(slug);
    }

    @Test
    void everyReadOfATenantIsAReadAndAChangeThroughTenantsIsSeenAtOnce() {
        String slug = slug("read-once");
        TenantId id = TenantId.of(java.util.UUID.fromString(
                api.post("/api/v1/tenants", tenantRequest(slug, "Read Once", "starter")).json().get("id").asString()));

        tx.executeWithoutResult(status -> {
            assertThat(tenants.require(id).name()).isEqualTo("Read Once");
            // Renamed by another transaction, which commits while this one is open: nothing is kept from the first
            // read, so the next one (read committed) sees the new name.
            assertThat(api.patch("/api/v1/tenants/" + slug, Map.of("name", "Read Twice")).status()).isEqualTo(200);
            assertThat(tenants.require(id).name()).isEqualTo("Read Twice");

            // A change through Tenants locks the row, which reads the latest version, and is seen at once.
            Tenant changed = tenants.changeStatus(id, TenantStatus.ACTIVE, "starter");
            assertThat(changed.name()).isEqualTo("Read Twice");
            assertThat(changed.status()).isEqualTo(TenantStatus.ACTIVE);
            assertThat(tenants.require(id)).isEqualTo(changed);
        });
        // Outside a transaction every read is a read.
        assertThat(tenants.require(id).name()).isEqualTo("Read Twice");
        assertThat(tenants.find(id).orElseThrow().status()).isEqualTo(TenantStatus.ACTIVE);
    }

    @Test
    void keepsRegionalSettingsAndSwitchesGivenAtCreation() {
        Map<String, Object> request = tenantRequest(slug("berlin"), "Berliner Kredit", "growth");
        request.put("regional", Map.of("timezone", "Europe/Berlin", "currency", "EUR", "locale", "de-DE"));
        request.put("features", Map.of("borrowerSelfRegistration", true, "goldLoans", true));

        JsonNode tenant = api.post("/api/v1/tenants", request).json();

        assertThat(tenant.get("regional").get("timezone").asString()).isEqualTo("Europe/Berlin");
        assertThat(tenant.get("regional").get("currency").asString()).isEqualTo("EUR");
        assertThat(tenant.get("regional").get("locale").asString()).isEqualTo("de-DE");
        Map<String, Boolean> expected = new LinkedHashMap<>(DEFAULT_SWITCHES);
        expected.put("borrowerSelfRegistration", true);
        expected.put("goldLoans", true);
        assertThat(switches(tenant)).isEqualTo(expected);
    }

    @Test
    void refusesSlugsThatBreakTheRules() {
        List<String> bad = new ArrayList<>(List.of("ab", "Acme-" + token(), "-" + token(), token() + "-",
                "acme_" + token(), "acme " + token(), "a".repeat(64)));
        bad.addAll(List.of("www", "api", "hq", "admin", "app", "portal", "static", "mail"));
        for (String slug : bad) {
            Api.Response response = api.post("/api/v1/tenants", tenantRequest(slug, "Bad Slug", "free"));
            invalid(response, "slug");
        }
        assertThat(api.get("/api/v1/tenants?q=Bad Slug".replace(" ", "%20")).json().get("totalItems").asLong())
                .isZero();
    }

    @Test
    void acceptsSlugsAtTheLengthLimits() {
        String shortest = "a" + token().substring(0, 1) + "1";
        String longest = token() + "-" + "b".repeat(52);
        assertThat(longest).hasSize(63);
        assertThat(api.post("/api/v1/tenants", tenantRequest(shortest, "Shortest", "free")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/tenants", tenantRequest(longest, "Longest", "free")).status()).isEqualTo(201);
        assertThat(api.get("/api/v1/tenants/" + longest).status()).isEqualTo(200);
    }

    @Test
    void refusesADuplicateSlugWithConflict() {
        String slug = slug("twice");
        assertThat(api.post("/api/v1/tenants", tenantRequest(slug, "First", "free")).status()).isEqualTo(201);

        Api.Response second = api.post("/api/v1/tenants", tenantRequest(slug, "Second", "starter"));

        problem(second, 409, "duplicate");
        assertThat(api.get("/api/v1/tenants/" + slug).json().get("name").asString()).isEqualTo("First");
    }

    @Test
    void refusesAnUnknownOrDeactivatedPlan() {
        invalid(api.post("/api/v1/tenants", tenantRequest(slug("noplan"), "No Plan", "platinum-" + token())), "plan");

        JsonNode plan = Fixtures.plan(api);
        String planSlug = plan.get("slug").asString();
        assertThat(api.post("/api/v1/plans/" + planSlug + "/deactivate").status()).isEqualTo(200);
        String slug = slug("retired");

        invalid(api.post("/api/v1/tenants", tenantRequest(slug, "Retired Plan", planSlug)), "plan");
        assertThat(api.get("/api/v1/tenants/" + slug).status()).isEqualTo(404);
    }

    @Test
    void listsTenantsFilteredByStatusPlanAndSearchOnNameOrSlug() {
        String term = token();
        String nameTerm = token();
        String alpha = "alpha-" + term;
        String bravo = "bravo-" + term;
        String charlie = "charlie-" + token();
        api.post("/api/v1/tenants", tenantRequest(alpha, "Alpha Lending", "starter"));
        api.post("/api/v1/tenants", tenantRequest(bravo, "Bravo Freight", "growth"));
        api.post("/api/v1/tenants", tenantRequest(charlie, "Charlie " + nameTerm.toUpperCase(), "growth"));
        api.post("/api/v1/tenants/" + bravo + "/suspend", Map.of("reason", "Chargeback under review"));

        assertThat(slugs("/api/v1/tenants?q=" + term)).containsExactlyInAnyOrder(alpha, bravo);
        assertThat(slugs("/api/v1/tenants?q=" + nameTerm)).containsExactly(charlie);
        assertThat(slugs("/api/v1/tenants?q=" + term + "&plan=growth")).containsExactly(bravo);
        assertThat(slugs("/api/v1/tenants?q=" + term + "&status=suspended")).containsExactly(bravo);
        assertThat(slugs("/api/v1/tenants?q=" + term + "&status=trial")).containsExactly(alpha);
        assertThat(slugs("/api/v1/tenants?q=" + term + "&status=trial&plan=growth")).isEmpty();
        invalid(api.get("/api/v1/tenants?status=sleeping"), "status");
    }

    @Test
    void pagesAndSortsTheList() {
        String term = token();
        List<String> created = List.of("c-" + term, "a-" + term, "b-" + term);
        created.forEach(s -> api.post("/api/v1/tenants", tenantRequest(s, "Paged " + s, "free")));

        JsonNode first = api.get("/api/v1/tenants?q=" + term + "&sort=slug,asc&size=2&page=0").json();
        JsonNode second = api.get("/api/v1/tenants?q=" + term + "&sort=slug,asc&size=2&page=1").json();

        assertThat(first.get("totalItems").asLong()).isEqualTo(3);
        assertThat(first.get("page").asInt()).isZero();
        assertThat(first.get("size").asInt()).isEqualTo(2);
        assertThat(slugsOf(first)).containsExactly("a-" + term, "b-" + term);
        assertThat(second.get("page").asInt()).isEqualTo(1);
        assertThat(slugsOf(second)).containsExactly("c-" + term);
        assertThat(slugs("/api/v1/tenants?q=" + term + "&sort=slug,desc")).containsExactly("c-" + term, "b-" + term,
                "a-" + term);
        // Newest first by default.
        assertThat(slugs("/api/v1/tenants?q=" + term)).containsExactly("b-" + term, "a-" + term, "c-" + term);

        assertThat(api.get("/api/v1/tenants?size=500").status()).isEqualTo(200);
        invalid(api.get("/api/v1/tenants?size=501"), "size");
        invalid(api.get("/api/v1/tenants?size=0"), "size");
        invalid(api.get("/api/v1/tenants?page=-1"), "page");
        invalid(api.get("/api/v1/tenants?sort=password"), "sort");
        invalid(api.get("/api/v1/tenants?sort=slug,sideways"), "sort");
    }

    @Test
    void answersNotFoundForAnUnknownTenant() {
        problem(api.get("/api/v1/tenants/" + slug("nobody")), 404, "not-found");
    }

    @Test
    void updatesNameContactAndSwitchesByMergePatch() {
        JsonNode tenant = Fixtures.tenantOn(api, "starter");
        String slug = tenant.get("slug").asString();
        int version = tenant.get("version").asInt();

        Api.Response patched = api.patch("/api/v1/tenants/" + slug,
                Map.of("name", "Acme Lending", "contact", Map.of("phone", "+1 555 0100", "city", "Austin"), "features",
                        Map.of("manualLoanApproval", false, "goldLoans", true)));

        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        JsonNode after = patched.json();
        assertThat(after.get("name").asString()).isEqualTo("Acme Lending");
        assertThat(after.get("contact").get("phone").asString()).isEqualTo("+1 555 0100");
        assertThat(after.get("contact").get("city").asString()).isEqualTo("Austin");
        // Merge patch: what was not mentioned stays.
        assertThat(after.get("contact").get("email").asString()).isEqualTo(tenant.get("contact").get("email").asString());
        assertThat(after.get("regional")).isEqualTo(tenant.get("regional"));
        Map<String, Boolean> expected = new LinkedHashMap<>(DEFAULT_SWITCHES);
        expected.put("manualLoanApproval", false);
        expected.put("goldLoans", true);
        assertThat(switches(after)).isEqualTo(expected);
        assertThat(after.get("version").asInt()).isEqualTo(version + 1);
        assertThat(patched.header("ETag")).isEqualTo("\"" + (version + 1) + "\"");

        // No switch of the catalogue can be removed from a tenant (it leaves when the owner removes it from the
        // catalogue).
        invalid(api.patch("/api/v1/tenants/" + slug, mapWithNull("features", "goldLoans")), "features.goldLoans");
        JsonNode switchedOff = api.patch("/api/v1/tenants/" + slug, Map.of("features", Map.of("goldLoans", false)))
                .json();
        assertThat(switches(switchedOff)).containsEntry("goldLoans", false);
        invalid(api.patch("/api/v1/tenants/" + slug, mapWithNull("features", "manualLoanApproval")),
                "features.manualLoanApproval");
        assertThat(switches(api.get("/api/v1/tenants/" + slug).json())).containsEntry("manualLoanApproval", false);

        JsonNode audit = api.get("/api/v1/audit-events?type=tenant.updated&tenantId=" + tenant.get("id").asString())
                .json();
        assertThat(audit.get("totalItems").asLong()).isEqualTo(2);
        JsonNode firstChange = audit.get("items").get(1);
        assertThat(firstChange.get("before").get("name").asString()).isEqualTo(tenant.get("name").asString());
        assertThat(firstChange.get("after").get("name").asString()).isEqualTo("Acme Lending");
    }

    @Test
    void refusesToPatchSlugStatusPlanOrRemoveSwitchesAndRegionalSettings() {
        JsonNode tenant = Fixtures.tenantOn(api, "starter");
        String slug = tenant.get("slug").asString();

        invalid(api.patch("/api/v1/tenants/" + slug, Map.of("slug", slug("renamed"))), "slug");
        invalid(api.patch("/api/v1/tenants/" + slug, Map.of("status", "active")), "status");
        invalid(api.patch("/api/v1/tenants/" + slug, Map.of("plan", "enterprise")), "plan");
        invalid(api.patch("/api/v1/tenants/" + slug, Map.of("regional", Map.of("timezone", "Mars/Olympus"))),
                "regional.timezone");
        JsonNode allSwitches = invalid(api.patch("/api/v1/tenants/" + slug, nullField("features")),
                "features.manualLoanApproval");
        assertThat(allSwitches.get("errors").has("features.borrowerSelfRegistration")).isTrue();
        invalid(api.patch("/api/v1/tenants/" + slug, nullField("regional")), "regional");
        invalid(api.patch("/api/v1/tenants/" + slug, mapWithNull("regional", "currency")), "regional");

        JsonNode unchanged = api.get("/api/v1/tenants/" + slug).json();
        assertThat(unchanged.get("version").asInt()).isEqualTo(tenant.get("version").asInt());
        assertThat(unchanged.get("features")).isEqualTo(tenant.get("features"));
        assertThat(unchanged.get("regional")).isEqualTo(tenant.get("regional"));
        assertThat(unchanged.get("plan").asString()).isEqualTo("starter");
        assertThat(unchanged.get("status").asString()).isEqualTo("trial");
    }

    @Test
    void refusesAPatchBasedOnAStaleVersion() {
        JsonNode tenant = Fixtures.tenantOn(api, "free");
        String slug = tenant.get("slug").asString();
        String seen = "\"" + tenant.get("version").asInt() + "\"";
        Api.Response first = api.with("If-Match", seen).patch("/api/v1/tenants/" + slug, Map.of("name", "First Edit"));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);

        Api.Response stale = api.with("If-Match", seen).patch("/api/v1/tenants/" + slug, Map.of("name", "Lost Edit"));

        problem(stale, 412, "stale-version");
        assertThat(api.get("/api/v1/tenants/" + slug).json().get("name").asString()).isEqualTo("First Edit");
        assertThat(api.with("If-Match", first.header("ETag")).patch("/api/v1/tenants/" + slug,
                Map.of("name", "Second Edit")).status()).isEqualTo(200);
    }

    @Test
    void suspendsAndActivatesWithAReason() {
        JsonNode tenant = Fixtures.tenantOn(api, "growth");
        String slug = tenant.get("slug").asString();

        invalid(api.post("/api/v1/tenants/" + slug + "/suspend", Map.of()), "reason");
        invalid(api.post("/api/v1/tenants/" + slug + "/suspend", Map.of("reason", "  ")), "reason");
        problem(api.post("/api/v1/tenants/" + slug + "/activate", Map.of("reason", "Nothing to lift")), 409,
                "illegal-transition");

        Api.Response suspended = api.post("/api/v1/tenants/" + slug + "/suspend", Map.of("reason", "Fraud check"));
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
        assertThat(suspended.json().get("status").asString()).isEqualTo("suspended");
        assertThat(suspended.json().get("suspension").get("reason").asString()).isEqualTo("Fraud check");
        assertThat(api.get("/api/v1/tenants/" + slug).json().get("status").asString()).isEqualTo("suspended");
        problem(api.post("/api/v1/tenants/" + slug + "/suspend", Map.of("reason", "Again")), 409, "illegal-transition");

        invalid(api.post("/api/v1/tenants/" + slug + "/activate", Map.of()), "reason");
        Api.Response activated = api.post("/api/v1/tenants/" + slug + "/activate", Map.of("reason", "Cleared"));
        assertThat(activated.status()).as(activated.toString()).isEqualTo(200);
        assertThat(activated.json().get("status").asString()).isEqualTo("trial");
        assertThat(activated.json().has("suspension")).isFalse();

        String tenantId = tenant.get("id").asString();
        JsonNode suspendedEvent = api.get("/api/v1/audit-events?type=tenant.suspended&tenantId=" + tenantId).json();
        assertThat(suspendedEvent.get("totalItems").asLong()).isEqualTo(1);
        assertThat(suspendedEvent.get("items").get(0).get("after").get("suspension").get("reason").asString())
                .isEqualTo("Fraud check");
        assertThat(api.get("/api/v1/audit-events?type=tenant.activated&tenantId=" + tenantId).json().get("totalItems")
                .asLong()).isEqualTo(1);
    }

    @Test
    void softDeletesAndRestoresATenant() {
        JsonNode tenant = Fixtures.tenantOn(api, "starter");
        String slug = tenant.get("slug").asString();
        problem(api.post("/api/v1/tenants/" + slug + "/restore"), 409, "illegal-transition");

        Api.Response deleted = api.delete("/api/v1/tenants/" + slug);

        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.json().get("deletedAt").isNull()).isFalse();
        problem(api.get("/api/v1/tenants/" + slug), 404, "not-found");
        problem(api.delete("/api/v1/tenants/" + slug), 404, "not-found");
        assertThat(slugs("/api/v1/tenants?q=" + slug)).isEmpty();
        assertThat(slugs("/api/v1/tenants?deleted=true&q=" + slug)).containsExactly(slug);
        problem(api.post("/api/v1/tenants", tenantRequest(slug, "Squatter", "free")), 409, "duplicate");

        Api.Response restored = api.post("/api/v1/tenants/" + slug + "/restore");

        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
        assertThat(restored.json().has("deletedAt")).isFalse();
        JsonNode back = api.get("/api/v1/tenants/" + slug).json();
        assertThat(back.get("id").asString()).isEqualTo(tenant.get("id").asString());
        assertThat(back.get("name").asString()).isEqualTo(tenant.get("name").asString());
        assertThat(slugs("/api/v1/tenants?deleted=true&q=" + slug)).isEmpty();
        problem(api.post("/api/v1/tenants/" + slug("ghost") + "/restore"), 404, "not-found");
    }

    @Test
    void signsUpATrialTenantWithoutCredentials() {
        String slug = slug("self-serve");
        Api.Response signup = Api.anonymous(port).post("/api/v1/public/signup",
                Map.of("slug", slug, "name", "Self Serve Loans", "plan", "growth", "email", "owner@" + slug + ".test"));

        assertThat(signup.status()).as(signup.toString()).isEqualTo(201);
        JsonNode body = signup.json();
        assertThat(body.get("slug").asString()).isEqualTo(slug);
        assertThat(body.get("name").asString()).isEqualTo("Self Serve Loans");
        assertThat(body.get("status").asString()).isEqualTo("trial");
        assertThat(body.get("plan").asString()).isEqualTo("growth");
        assertThat(body.has("id")).as("the public answer shows no internals").isFalse();

        JsonNode tenant = api.get("/api/v1/tenants/" + slug).json();
        assertThat(tenant.get("status").asString()).isEqualTo("trial");
        assertThat(tenant.get("contact").get("email").asString()).isEqualTo("owner@" + slug + ".test");
        assertThat(switches(tenant)).isEqualTo(DEFAULT_SWITCHES);
        JsonNode audit = api.get("/api/v1/audit-events?type=tenant.created&tenantId=" + tenant.get("id").asString())
                .json();
        assertThat(audit.get("totalItems").asLong()).isEqualTo(1);
        assertThat(audit.get("items").get(0).get("actorType").asString()).isEqualTo("system");
        assertThat(audit.get("items").get(0).get("actorId").asString()).isEqualTo("public-signup");
    }

    @Test
    void validatesASignupLikeTheStaffEndpoint() {
        Api anonymous = Api.anonymous(port);
        String slug = slug("signup");
        invalid(anonymous.post("/api/v1/public/signup",
                Map.of("slug", "admin", "name", "Reserved", "plan", "free", "email", "a@b.test")), "slug");
        invalid(anonymous.post("/api/v1/public/signup",
                Map.of("slug", slug, "name", "No Email", "plan", "free")), "email");
        invalid(anonymous.post("/api/v1/public/signup",
                Map.of("slug", slug, "name", "Bad Email", "plan", "free", "email", "not-an-email")), "email");
        invalid(anonymous.post("/api/v1/public/signup",
                Map.of("slug", slug, "plan", "free", "email", "a@b.test")), "name");
        invalid(anonymous.post("/api/v1/public/signup",
                Map.of("slug", slug, "name", "Unknown Plan", "plan", "diamond", "email", "a@b.test")), "plan");
        invalid(anonymous.post("/api/v1/public/signup", Map.of("slug", slug, "name", "Sneaky", "plan", "free",
                "email", "a@b.test", "status", "active")), "status");
        assertThat(api.get("/api/v1/tenants/" + slug).status()).isEqualTo(404);

        JsonNode existing = Fixtures.tenantOn(api, "free");
        problem(anonymous.post("/api/v1/public/signup", Map.of("slug", existing.get("slug").asString(), "name",
                "Taken", "plan", "free", "email", "a@b.test")), 409, "duplicate");
    }

    private List<String> slugs(String path) {
        Api.Response response = api.get(path);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return slugsOf(response.json());
    }

    private static List<String> slugsOf(JsonNode page) {
        List<String> slugs = new ArrayList<>();
        page.get("items").forEach(item -> slugs.add(item.get("slug").asString()));
        return slugs;
    }

    private static Map<String, Boolean> switches(JsonNode tenant) {
        Map<String, Boolean> switches = new LinkedHashMap<>();
        tenant.get("features").properties().forEach(e -> switches.put(e.getKey(), e.getValue().asBoolean()));
        return switches;
    }

    private static Map<String, Object> nullField(String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(field, null);
        return body;
    }

    private static Map<String, Object> mapWithNull(String field, String key) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put(key, null);
        return Map.of(field, inner);
    }
}
