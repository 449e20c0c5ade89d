package org.atrium.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
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

/**
 * The owner's actions on a tenant page that the API has and the tenant has not: assigning a plan with its
 * collection, extending the period, and overriding a feature. Each is confirmed first, refused with the module's
 * message, and refused (403) to a role without the API twin's permission.
 */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=moving-clock")
class HqTenantOwnerActionsIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Clock clock;

    @Test
    void aPlanAssignedWithAnInvoiceStartsAPeriodAndLeavesTheInvoiceOpenUntilItsDueDay() {
        Api root = Api.asRoot(port);
        String slug = HqTenantPagesIntegrationTests.tenant(root, "Assign Works", "starter");
        HttpBrowser billing = HqStaff.signedIn(port, "billing", clock.instant());
        assertThat(billing.get("/hq/tenants/" + slug + "/subscription").body()).contains("id=\"assign\"")
                .contains("id=\"extend\"");
        assertThat(billing.get("/hq/tenants/" + slug + "/subscription/assign").body()).contains("id=\"assign-form\"");

        Map<String, String> form = Map.of("plan", "pro", "cycle", "monthly", "collection", "invoice", "dueDays", "10");
        HttpBrowser.Page confirm = billing.post("/hq/tenants/" + slug + "/subscription/assign/confirm", form);
        assertThat(confirm.status()).isEqualTo(200);
        JsonNode plan = root.get("/api/v1/plans/pro").json();
        assertThat(confirm.body()).contains("Confirm the assignment").contains("An invoice, due in 10 days")
                .contains("$" + amount(plan.get("prices").get("monthly")));
        assertThat(subscription(root, slug).get("plan").asString()).isEqualTo("starter");

        HttpBrowser.Page done = billing.post("/hq/tenants/" + slug + "/subscription/assign", form);
        assertThat(done.location()).endsWith("/subscription?done=assigned");
        JsonNode after = subscription(root, slug);
        assertThat(after.get("plan").asString()).isEqualTo("pro");
        assertThat(after.get("status").asString()).isEqualTo("active");
        String number = after.get("openInvoice").asString();
        JsonNode invoice = root.get("/api/v1/invoices/" + number).json();
        assertThat(invoice.get("status").asString()).isEqualTo("issued");
        assertThat(LocalDate.parse(invoice.get("dueDate").asString()))
                .isEqualTo(LocalDate.parse(invoice.get("issueDate").asString()).plusDays(10));
        assertThat(billing.get("/hq/tenants/" + slug + "/subscription?done=assigned").body())
                .contains("The plan was assigned");
    }

    @Test
    void anAssignmentTheWalletCannotPayIsRefusedWithTheMessageAndChangesNothing() {
        Api root = Api.asRoot(port);
        String slug = HqTenantPagesIntegrationTests.tenant(root, "Empty Wallet", "starter");
        HttpBrowser billing = HqStaff.signedIn(port, "billing", clock.instant());
        billing.get("/hq/tenants/" + slug + "/subscription/assign");
        HttpBrowser.Page refused = billing.post("/hq/tenants/" + slug + "/subscription/assign",
                Map.of("plan", "pro", "cycle", "monthly", "collection", "wallet", "dueDays", ""));
        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.body()).contains("role=\"alert\"").contains("id=\"assign-form\"");
        HttpBrowser.Page bad = billing.post("/hq/tenants/" + slug + "/subscription/assign/confirm",
                Map.of("plan", "pro", "cycle", "monthly", "collection", "cheque", "dueDays", ""));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("must be wallet or invoice");
        assertThat(subscription(root, slug).get("plan").asString()).isEqualTo("starter");
    }

    @Test
    void thePeriodIsExtendedByTheConfirmedDaysWithItsReason() {
        Api root = Api.asRoot(port);
        String slug = HqTenantPagesIntegrationTests.tenant(root, "Extend Works", "starter");
        LocalDate end = LocalDate.parse(subscription(root, slug).get("periodEnd").asString());
        HttpBrowser billing = HqStaff.signedIn(port, "billing", clock.instant());
        billing.get("/hq/tenants/" + slug + "/subscription/extend");
        HttpBrowser.Page noReason = billing.post("/hq/tenants/" + slug + "/subscription/extend/confirm",
                Map.of("days", "7", "reason", ""));
        assertThat(noReason.status()).isEqualTo(400);
        HttpBrowser.Page confirm = billing.post("/hq/tenants/" + slug + "/subscription/extend/confirm",
                Map.of("days", "7", "reason", "Outage <i>week</i>"));
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("Confirm the extension").contains("7 days")
                .contains("Outage &lt;i&gt;week&lt;/i&gt;");
        assertThat(subscription(root, slug).get("periodEnd").asString()).isEqualTo(end.toString());

        HttpBrowser.Page tooMany = billing.post("/hq/tenants/" + slug + "/subscription/extend",
                Map.of("days", "400", "reason", "Too long"));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body()).contains("must be between 1 and 366");
        assertThat(billing.post("/hq/tenants/" + slug + "/subscription/extend",
                Map.of("days", "7", "reason", "Outage <i>week</i>")).location()).endsWith("/subscription?done=extended");
        assertThat(subscription(root, slug).get("periodEnd").asString()).isEqualTo(end.plusDays(7).toString());
    }

    @Test
    void aFeatureIsOverriddenAfterTheConfirmation() {
        Api root = Api.asRoot(port);
        String slug = HqTenantPagesIntegrationTests.tenant(root, "Feature Works", "starter");
        HttpBrowser owner = HqStaff.signedIn(port, "super_admin", clock.instant());
        assertThat(owner.get("/hq/tenants/" + slug + "/overrides").body()).contains("id=\"feature-override-form\"")
                .contains("api_access (now off)");
        Map<String, String> form = Map.of("key", "api_access", "enabled", "true", "until", "", "reason", "Pilot <b>x</b>");
        HttpBrowser.Page confirm = owner.post("/hq/tenants/" + slug + "/overrides/features/confirm", form);
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("Confirm the feature override").contains("Pilot &lt;b&gt;x&lt;/b&gt;");
        assertThat(features(root, slug).get("api_access").get("enabled").asBoolean()).isFalse();
        HttpBrowser.Page unknown = owner.post("/hq/tenants/" + slug + "/overrides/features/confirm",
                Map.of("key", "teleport", "enabled", "true", "until", "", "reason", "x"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("role=\"alert\"");

        assertThat(owner.post("/hq/tenants/" + slug + "/overrides/features", form).location())
                .endsWith("/overrides?done=overridden");
        JsonNode api = features(root, slug).get("api_access");
        assertThat(api.get("enabled").asBoolean()).isTrue();
        assertThat(api.get("overridden").asBoolean()).isTrue();
    }

    @Test
    void aRoleWithoutThePermissionSeesNoButtonAndIsRefusedWhenPostingAnyway() {
        Api root = Api.asRoot(port);
        String slug = HqTenantPagesIntegrationTests.tenant(root, "Guarded", "starter");
        HttpBrowser support = HqStaff.signedIn(port, "support", clock.instant());
        assertThat(support.get("/hq/tenants/" + slug + "/subscription").body()).doesNotContain("id=\"assign\"")
                .doesNotContain("id=\"extend\"");
        // Overrides need tenants.manage, which support has and an analyst has not.
        HttpBrowser analyst = HqStaff.signedIn(port, "analyst", clock.instant());
        assertThat(analyst.get("/hq/tenants/" + slug + "/overrides").body())
                .doesNotContain("feature-override-form");
        String base = "/hq/tenants/" + slug;
        assertThat(support.get(base + "/subscription/assign").status()).isEqualTo(403);
        assertThat(support.post(base + "/subscription/assign",
                Map.of("plan", "pro", "cycle", "monthly", "collection", "invoice")).status()).isEqualTo(403);
        assertThat(support.post(base + "/subscription/extend", Map.of("days", "30", "reason", "x")).status())
                .isEqualTo(403);
        assertThat(analyst.post(base + "/overrides/features",
                Map.of("key", "api_access", "enabled", "true", "reason", "x")).status()).isEqualTo(403);
        HttpBrowser billing = HqStaff.signedIn(port, "billing", clock.instant());
        billing.get(base + "/subscription/extend");
        assertThat(billing.postWithoutCsrf(base + "/subscription/extend", Map.of("days", "30", "reason", "x"))
                .status()).isEqualTo(403);
        JsonNode s = subscription(root, slug);
        assertThat(s.get("plan").asString()).isEqualTo("starter");
        assertThat(features(root, slug).get("api_access").get("enabled").asBoolean()).isFalse();
    }

    private static String amount(JsonNode money) {
        return money.isObject() ? money.get("amount").asString() : money.asString();
    }

    private static JsonNode subscription(Api root, String slug) {
        return root.get("/api/v1/tenants/" + slug + "/subscription").json();
    }

    private static JsonNode features(Api root, String slug) {
        return root.get("/api/v1/tenants/" + slug + "/entitlements").json().get("features");
    }
}
