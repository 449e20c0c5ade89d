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

/**
 * The tabs of a tenant's HQ page that move money or access: wallet movements, plan changes from the quote, marking
 * an invoice paid, limit overrides and credential resets; each confirmed first, each with its API twin's permission.
 */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=moving-clock")
class HqTenantMoneyPagesIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Clock clock;

    @Test
    void aCreditIsConfirmedBeforeItIsRecordedAndThenShowsOnTheLedgerOnce() {
        Api root = Api.asRoot(port);
        String slug = HqTenantPagesIntegrationTests.tenant(root, "Copper Kettle", "starter");
        HttpBrowser billing = HqStaff.signedIn(port, "billing", clock.instant());
        HttpBrowser.Page wallet = billing.get("/hq/tenants/" + slug + "/wallet");
        assertThat(wallet.body()).contains("id=\"movement-form\"").contains("No movement yet.");
        String reference = wallet.find("id=\"reference\" name=\"reference\" required maxlength=\"200\" value=\"([^\"]+)\"");

        Map<String, String> form = Map.of("kind", "credit", "amount", "25.00", "reason", "Outage <b>credit</b>",
                "reference", reference);
        HttpBrowser.Page confirm = billing.post("/hq/tenants/" + slug + "/wallet/confirm", form);
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("Confirm the credit").contains("$25.00")
                .contains("Outage &lt;b&gt;credit&lt;/b&gt;");
        assertThat(ledger(root, slug).get("totalItems").asLong()).isZero();

        HttpBrowser.Page done = billing.post("/hq/tenants/" + slug + "/wallet/movements", form);
        assertThat(done.location()).endsWith("/wallet?done=credited");
        HttpBrowser.Page after = billing.get("/hq/tenants/" + slug + "/wallet?done=credited");
        assertThat(after.body()).contains("The wallet was credited.").contains("manual_credit")
                .contains("Outage &lt;b&gt;credit&lt;/b&gt;").contains(reference);
        JsonNode rows = ledger(root, slug);
        assertThat(rows.get("totalItems").asLong()).isEqualTo(1);
        assertThat(rows.get("items").get(0).get("amount").asString()).isEqualTo("25.00");

        // The confirmed form sent again records nothing more; the audit has the movement once.
        assertThat(billing.post("/hq/tenants/" + slug + "/wallet/movements", form).location())
                .endsWith("/wallet?done=replayed");
        assertThat(ledger(root, slug).get("totalItems").asLong()).isEqualTo(1);
        String id = root.get("/api/v1/tenants/" + slug).json().get("id").asString();
        assertThat(root.get("/api/v1/audit-events?tenantId=" + id + "&type=saas.wallet.credited").json().get("totalItems")
                .asLong()).isEqualTo(1);

        // A bad amount comes back as the form with the message; nothing is recorded.
        billing.get("/hq/tenants/" + slug + "/wallet");
        HttpBrowser.Page bad = billing.post("/hq/tenants/" + slug + "/wallet/movements",
                Map.of("kind", "debit", "amount", "1.234", "reason", "Fee", "reference", reference + "-2"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("role=\"alert\"").contains("value=\"1.234\"");
        HttpBrowser.Page noReason = billing.post("/hq/tenants/" + slug + "/wallet/confirm",
                Map.of("kind", "debit", "amount", "5", "reason", "", "reference", reference + "-3"));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(ledger(root, slug).get("totalItems").asLong()).isEqualTo(1);
    }

    @Test
    void aStaffMemberWithoutWalletsManageSeesNoCreditFormAndIsRefusedWhenPostingAnyway() {
        Api root = Api.asRoot(port);
        String slug = HqTenantPagesIntegrationTests.tenant(root, "Tin Roof", "starter");
        HttpBrowser support = HqStaff.signedIn(port, "support", clock.instant());
        HttpBrowser.Page wallet = support.get("/hq/tenants/" + slug + "/wallet");
        assertThat(wallet.status()).isEqualTo(200);
        assertThat(wallet.body()).doesNotContain("movement-form").doesNotContain("Credit or debit");
        Map<String, String> form = Map.of("kind", "credit", "amount", "500.00", "reason", "Self-service",
                "reference", "sneaky-1");
        assertThat(support.post("/hq/tenants/" + slug + "/wallet/confirm", form).status()).isEqualTo(403);
        assertThat(support.post("/hq/tenants/" + slug + "/wallet/movements", form).status()).isEqualTo(403);
        assertThat(ledger(root, slug).get("totalItems").asLong()).isZero();
        // Nor may support change plans.
        assertThat(support.get("/hq/tenants/" + slug + "/subscription").body()).doesNotContain("see-quote");
        assertThat(support.post("/hq/tenants/" + slug + "/subscription/change", Map.of("plan", "pro")).status())
                .isEqualTo(403);
        assertThat(root.get("/api/v1/tenants/" + slug + "/subscription").json().get("plan").asString())
                .isEqualTo("starter");
    }

    @Test
    void aPlanChangeShowsTheQuoteFirstAndIsCarriedOutFromIt() {
        Api root = Api.asRoot(port);
        String slug = HqTenantPagesIntegrationTests.tenant(root, "Granary", "starter");
        HttpBrowser billing = HqStaff.signedIn(port, "billing", clock.instant());
        HttpBrowser.Page tab = billing.get("/hq/tenants/" + slug + "/subscription");
        assertThat(tab.body()).contains("id=\"see-quote\"").contains("id=\"history\"");

        JsonNode expected = root.get("/api/v1/tenants/" + slug + "/subscription/preview-change?plan=pro").json();
        HttpBrowser.Page quote = billing.get("/hq/tenants/" + slug + "/subscription/quote?plan=pro&cycle=&effective=");
        assertThat(quote.status()).isEqualTo(200);
        assertThat(quote.body()).contains("starter (monthly) → pro (monthly)")
                .contains("$" + amount(expected.get("total")));
        assertThat(root.get("/api/v1/tenants/" + slug + "/subscription").json().get("plan").asString())
                .isEqualTo("starter");

        HttpBrowser.Page unknown = billing.get("/hq/tenants/" + slug + "/subscription/quote?plan=no-such-plan");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("role=\"alert\"").contains("unknown plan");

        HttpBrowser.Page changed = billing.post("/hq/tenants/" + slug + "/subscription/change",
                Map.of("plan", "pro", "cycle", "", "effective", ""));
        assertThat(changed.location()).endsWith("/subscription?done=plan-changed");
        assertThat(root.get("/api/v1/tenants/" + slug + "/subscription").json().get("plan").asString())
                .isEqualTo("pro");
        assertThat(billing.get("/hq/tenants/" + slug + "/subscription?done=plan-changed").body())
                .contains("The plan was changed.").contains("id=\"subscription-plan\">pro<");
    }

    @Test
    void everyTabOfATenantShowsItsPartToAStaffMemberWhoMayReadIt() {
        Api root = Api.asRoot(port);
        String slug = HqTenantPagesIntegrationTests.tenant(root, "Slate & Co", "starter");
        HttpBrowser owner = HqStaff.signedIn(port, "super_admin", clock.instant());
        assertThat(owner.get("/hq/tenants/" + slug + "/usage").body()).contains("<meter").contains("max_users");
        assertThat(owner.get("/hq/tenants/" + slug + "/invoices").status()).isEqualTo(200);
        assertThat(owner.get("/hq/tenants/" + slug + "/settings").body()).contains("Feature switches");
        assertThat(owner.get("/hq/tenants/" + slug + "/audit").body()).contains("tenant.created");
        HttpBrowser.Page team = owner.get("/hq/tenants/" + slug + "/team");
        assertThat(team.body()).contains("admin@" + slug);

        // An override of a limit, with its reason, as the API's PUT records it.
        owner.get("/hq/tenants/" + slug + "/overrides");
        assertThat(owner.post("/hq/tenants/" + slug + "/overrides",
                Map.of("key", "max_users", "limit", "many", "reason", "Pilot")).status()).isEqualTo(400);
        HttpBrowser.Page saved = owner.post("/hq/tenants/" + slug + "/overrides",
                Map.of("key", "max_users", "limit", "25", "until", "", "reason", "Pilot"));
        assertThat(saved.location()).endsWith("/overrides?done=overridden");
        JsonNode overrides = root.get("/api/v1/tenants/" + slug + "/overrides").json();
        assertThat(overrides.toString()).contains("max_users").contains("25");

        // A reset link for the admin: asked, confirmed, then mailed.
        team = owner.get("/hq/tenants/" + slug + "/team");
        String user = team.find("action=\"/hq/tenants/" + slug + "/team/([0-9a-f-]+)/reset\"");
        HttpBrowser.Page ask = owner.post("/hq/tenants/" + slug + "/team/" + user + "/reset", Map.of());
        assertThat(ask.body()).contains("id=\"reset-confirm\"");
        assertThat(owner.post("/hq/tenants/" + slug + "/team/" + user + "/reset", Map.of("confirmed", "yes"))
                .location()).endsWith("/team?done=reset-sent");
    }

    /** A money value as the API writes it: an object with the amount, or the amount alone. */
    private static String amount(JsonNode money) {
        return money.isObject() ? money.get("amount").asString() : money.asString();
    }

    private static JsonNode ledger(Api root, String slug) {
        return root.get("/api/v1/tenants/" + slug + "/wallet/transactions").json();
    }
}
