package org.atrium.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.atrium.support.HttpBrowser;
import org.atrium.support.StaffSignIn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * The HQ's plan pages as the owner and a billing clerk use them. The plans they create live in the HQ pages'
 * application (shared with the dashboard's tests, which count no plans), never in the default one.
 */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=analytics")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanPagesIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Clock clock;

    Api api;
    HttpBrowser owner;
    HttpBrowser clerk;

    @BeforeAll
    void signIn() {
        api = Api.asRoot(port);
        owner = StaffSignIn.signIn(port, StaffSignIn.create(port, "super_admin"), clock);
        clerk = StaffSignIn.signIn(port, StaffSignIn.create(port, "billing"), clock);
    }

    @Test
    void theOwnerCreatesAPlanFromTheFormAndTheCatalogHasWhatWasTyped() {
        HttpBrowser.Page list = owner.get("/hq/plans");
        assertThat(list.body()).contains("New plan").contains("Growth").contains("monthly $79.00");
        owner.get("/hq/plans/new");
        String slug = Fixtures.slug("team");

        HttpBrowser.Page created = owner.post("/hq/plans", form(slug, "Team", "12.00", "120.00"));

        assertThat(created.location()).as(created.toString()).endsWith("/hq/plans/" + slug + "?saved");
        JsonNode plan = api.get("/api/v1/plans/" + slug).json();
        assertThat(plan.get("name").asString()).isEqualTo("Team");
        assertThat(plan.at("/prices/monthly").asString()).isEqualTo("12.00");
        assertThat(plan.at("/prices/annual").asString()).isEqualTo("120.00");
        assertThat(plan.at("/limits/max_users").asLong()).isEqualTo(5);
        assertThat(plan.at("/features/api_access").asBoolean()).isTrue();
        assertThat(plan.get("trialDays").asInt()).isEqualTo(7);
        assertThat(plan.get("recommended").asBoolean()).isTrue();
        assertThat(plan.get("sortOrder").asInt()).isEqualTo(40);
        assertThat(plan.get("supportLevel").asString()).isEqualTo("priority");
        assertThat(owner.get("/hq/plans/" + slug + "?saved").body()).contains("Saved.");
    }

    @Test
    void editingChangesThePlanAndAClearedPriceIsRemoved() {
        String slug = created("Edit me");
        HttpBrowser.Page page = owner.get("/hq/plans/" + slug);
        String version = page.find("name=\"version\" value=\"([0-9]+)\"");
        // The page loads its card preview (htmx) after the form was rendered: the form's token still holds.
        assertThat(owner.get("/hq/plans/" + slug + "/card").status()).isEqualTo(200);

        Map<String, String> edit = form(slug, "Edited", "15.00", "");
        edit.put("version", version);
        assertThat(owner.post("/hq/plans/" + slug, edit).location()).endsWith("/hq/plans/" + slug + "?saved");

        JsonNode plan = api.get("/api/v1/plans/" + slug).json();
        assertThat(plan.get("name").asString()).isEqualTo("Edited");
        assertThat(plan.at("/prices/monthly").asString()).isEqualTo("15.00");
        assertThat(plan.at("/prices").has("annual")).isFalse();

        // The same form again with the version it was read at: someone else changed the plan since (412).
        Map<String, String> stalePost = form(slug, "Stale", "16.00", "");
        stalePost.put("version", version);
        HttpBrowser.Page stale = owner.post("/hq/plans/" + slug, stalePost);
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        assertThat(stale.body()).contains("role=\"alert\"").contains("value=\"Stale\"");
        assertThat(api.get("/api/v1/plans/" + slug).json().get("name").asString()).isEqualTo("Edited");
    }

    @Test
    void aBadPriceShowsTheFormAgainWithTheServersMessageAndCreatesNothing() {
        owner.get("/hq/plans/new");
        String slug = Fixtures.slug("bad");

        HttpBrowser.Page refused = owner.post("/hq/plans", form(slug, "Bad", "twelve", ""));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("role=\"alert\"").contains("must be an amount")
                .contains("value=\"twelve\"").contains("aria-invalid=\"true\"");
        assertThat(api.get("/api/v1/plans/" + slug).status()).isEqualTo(404);
        // A refusal by the catalog itself (a negative price) comes back the same way.
        HttpBrowser.Page negative = owner.post("/hq/plans", form(slug, "Bad", "-1.00", ""));
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.body()).contains("role=\"alert\"");
        assertThat(api.get("/api/v1/plans/" + slug).status()).isEqualTo(404);
    }

    @Test
    void thePreviewIsThePricingPagesCardWithTheNameEscaped() {
        String slug = created("<b>Bold</b> plan");

        String card = owner.get("/hq/plans/" + slug + "/card").body();
        assertThat(card).contains("$12.00").contains("per month").contains("Start 7-day trial")
                .contains("Recommended").contains("&lt;b&gt;Bold&lt;/b&gt; plan").doesNotContain("<b>Bold");
        // Annual: 120.00 against 12 × 12.00 = 144.00 saves 24.00, 16.67 % → 17 %.
        assertThat(owner.get("/hq/plans/" + slug + "/card?cycle=annual").body()).contains("$120.00")
                .contains("Save $24.00 a year (17%)");
        assertThat(owner.get("/hq/plans/" + slug).body()).contains("hx-get=\"/hq/plans/" + slug + "/card\"")
                .contains("&lt;b&gt;Bold&lt;/b&gt; plan");
    }

    @Test
    void theOwnerDeactivatesAndActivatesAPlan() {
        String slug = created("Switch");
        owner.get("/hq/plans");

        HttpBrowser.Page deactivated = owner.post("/hq/plans/" + slug + "/deactivate", Map.of());
        assertThat(deactivated.location()).as(deactivated.toString()).endsWith("/hq/plans");
        assertThat(api.get("/api/v1/plans/" + slug).json().get("active").asBoolean()).isFalse();
        assertThat(owner.post("/hq/plans/" + slug + "/activate", Map.of()).location()).endsWith("/hq/plans");
        assertThat(api.get("/api/v1/plans/" + slug).json().get("active").asBoolean()).isTrue();
    }

    @Test
    void aClerkWithoutPlansManageSeesThePlansButNoActionAndIsRefusedIfTheyPostAnyway() {
        String slug = created("Protected");

        HttpBrowser.Page list = clerk.get("/hq/plans");
        assertThat(list.body()).doesNotContain("name=\"_csrf\""); // nothing to post on this page for a clerk
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("Protected").doesNotContain("New plan").doesNotContain("Deactivate");
        assertThat(clerk.get("/hq/plans/" + slug).body()).doesNotContain("Save changes");
        assertThat(clerk.get("/hq/plans/new").status()).isEqualTo(403);
        clerk.get("/hq/plans/" + slug); // the read-only form still carries the session's token

        HttpBrowser.Page refused = clerk.post("/hq/plans/" + slug + "/deactivate", Map.of());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("saas.plans.manage");
        assertThat(clerk.post("/hq/plans/" + slug, form(slug, "Taken over", "1.00", "")).status()).isEqualTo(403);
        JsonNode plan = api.get("/api/v1/plans/" + slug).json();
        assertThat(plan.get("active").asBoolean()).isTrue();
        assertThat(plan.get("name").asString()).isEqualTo("Protected");
    }

    @Test
    void aFormWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        String slug = created("Guarded");
        owner.get("/hq/plans");

        assertThat(owner.postWithoutCsrf("/hq/plans/" + slug + "/deactivate", Map.of()).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/plans/" + slug).json().get("active").asBoolean()).isTrue();
    }

    private String created(String name) {
        String slug = Fixtures.slug("plan");
        owner.get("/hq/plans/new");
        assertThat(owner.post("/hq/plans", form(slug, name, "12.00", "120.00")).location()).contains(slug);
        return slug;
    }

    private static Map<String, String> form(String slug, String name, String monthly, String annual) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("slug", slug);
        form.put("name", name);
        form.put("description", "For small teams");
        form.put("currency", "USD");
        form.put("price.monthly", monthly);
        form.put("price.annual", annual);
        form.put("limit.max_users", "5");
        form.put("featureKeys", "api_access");
        form.put("feature.api_access", "on");
        form.put("supportLevel", "priority");
        form.put("trialDays", "7");
        form.put("sortOrder", "40");
        form.put("recommended", "on");
        form.put("active", "on");
        return form;
    }
}
