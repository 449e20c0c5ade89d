package org.atrium.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;

import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.HqStaff;
import org.atrium.support.HttpBrowser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/** A tenant's recharges tab and the onboarding progress on its overview, each as its API twin answers. */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=moving-clock")
class HqTenantOverviewTabsIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Clock clock;

    @Test
    void theRechargesTabListsTheTenantsRechargesWithTheirStateAndFiltersByStatus() {
        Api root = Api.asRoot(port);
        String slug = HqTenantPagesIntegrationTests.tenant(root, "Top Up Co", "starter");
        String other = HqTenantPagesIntegrationTests.tenant(root, "Someone Else", "starter");
        String reference = start(root, slug, "25.00");
        String elsewhere = start(root, other, "7.00");
        HttpBrowser support = HqStaff.signedIn(port, "support", clock.instant());

        HttpBrowser.Page empty = support.get("/hq/tenants/" + slug + "/recharges?status=paid");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).contains("No paid recharge.").doesNotContain(reference);

        HttpBrowser.Page tab = support.get("/hq/tenants/" + slug + "/recharges");
        String status = root.get("/api/v1/tenants/" + slug + "/recharges/" + reference).json().get("status")
                .asString();
        assertThat(tab.body()).contains("id=\"recharges\"").contains("id=\"tab-recharges\" aria-current=\"page\"")
                .contains(reference).contains("$25.00").doesNotContain(elsewhere);
        assertThat(tab.find("<tr id=\"recharge-" + reference + "\">(?s:.*?)<td>(pending|paid|failed)</td>"))
                .isEqualTo(status);
        assertThat(support.get("/hq/tenants/" + slug + "/recharges?status=" + status).body()).contains(reference);

        HttpBrowser.Page bad = support.get("/hq/tenants/" + slug + "/recharges?status=%3Cb%3Elost%3C%2Fb%3E");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).doesNotContain("<b>lost</b>");
    }

    @Test
    void theOverviewShowsTheOnboardingProgressAsThePortalCountsIt() {
        Api root = Api.asRoot(port);
        String slug = HqTenantPagesIntegrationTests.tenant(root, "Fresh Start", "starter");
        HttpBrowser support = HqStaff.signedIn(port, "support", clock.instant());
        JsonNode before = onboarding(root, slug);
        HttpBrowser.Page overview = support.get("/hq/tenants/" + slug);
        assertThat(overview.body()).contains("id=\"onboarding-steps\"")
                .contains(before.get("done").asInt() + " of " + before.get("total").asInt() + " steps done")
                .containsPattern("<li id=\"onboarding-wallet\">\\s*<span class=\"checklist__mark\" aria-hidden=\"true\">○");

        assertThat(root.post("/api/v1/tenants/" + slug + "/wallet/credits",
                Map.of("amount", "10.00", "reason", "Welcome", "reference", "welcome-" + slug)).status())
                .isEqualTo(201);
        JsonNode after = onboarding(root, slug);
        assertThat(after.get("done").asInt()).isEqualTo(before.get("done").asInt() + 1);
        assertThat(support.get("/hq/tenants/" + slug).body())
                .contains(after.get("done").asInt() + " of " + after.get("total").asInt() + " steps done")
                .containsPattern("<li id=\"onboarding-wallet\" class=\"is-done\">");
    }

    private static String start(Api root, String slug, String amount) {
        Api.Response created = root.post("/api/v1/tenants/" + slug + "/recharges",
                Map.of("amount", amount, "returnUrl", "/portal/billing"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("reference").asString();
    }

    private static JsonNode onboarding(Api root, String slug) {
        return root.get("/api/v1/tenants/" + slug + "/onboarding").json();
    }
}
