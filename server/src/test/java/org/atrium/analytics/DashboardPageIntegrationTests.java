package org.atrium.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.atrium.billing.InvoiceDraft;
import org.atrium.billing.InvoiceType;
import org.atrium.billing.Invoicing;
import org.atrium.platform.TenantId;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.atrium.support.HttpBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * The HQ dashboard as staff see it, over an application of its own (so that no other test's tenants change its
 * figures). Seeded once: four paying subscriptions on monthly and annual plans, three trials, one cancelled.
 */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=analytics")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardPageIntegrationTests {

    static final String PASSWORD = "a-long-enough-password";

    @LocalServerPort
    int port;

    @Autowired
    Invoicing invoicing;

    @Autowired
    Clock clock;

    Api api;
    String billingEmail;
    String supportEmail;
    String hostile;

    @BeforeAll
    void seed() {
        api = Api.asRoot(port);
        // The platform defaults: UTC, USD, no taxes (the settings migration), so an invoice's total is its price.
        // Starter is 29.00 a month or 290.00 a year, Growth 79.00 or 790.00 (the catalog migration).
        pay("starter", "monthly");
        pay("starter", "monthly");
        pay("growth", "annual");
        pay("starter", "annual");
        String cancelled = pay("starter", "monthly");
        assertThat(api.post("/api/v1/tenants/" + cancelled + "/subscription/cancel",
                Map.of("atPeriodEnd", false, "reason", "Closing the business")).status()).isEqualTo(200);
        Fixtures.tenantOn(api, "starter"); // a 14-day trial: not within 7 days
        JsonNode shortTrial = api.post("/api/v1/plans", Map.of("slug", Fixtures.slug("short"), "name", "Short trial",
                "currency", "USD", "prices", Map.of("monthly", "5.00"), "trialDays", 3)).json();
        hostile = Fixtures.slug("hostile");
        assertThat(api.post("/api/v1/tenants", Map.of("slug", hostile, "name", "<script>alert(1)</script> Ltd",
                "plan", shortTrial.get("slug").asString())).status()).isEqualTo(201);
        // An adjustment of 40.00 to a trial tenant, due today and marked overdue the next day: no revenue, 40.00 overdue.
        JsonNode owing = Fixtures.tenantOn(api, "starter");
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        invoicing.issue(InvoiceDraft.of(TenantId.of(java.util.UUID.fromString(owing.get("id").asString())),
                InvoiceType.ADJUSTMENT, "USD", "adj-" + Fixtures.token(),
                List.of(InvoiceDraft.Line.of("Setup work", "40.00"))).dueOn(today));
        assertThat(invoicing.markOverdue(today.plusDays(1))).hasSize(1);

        billingEmail = Fixtures.email("billing");
        supportEmail = Fixtures.email("support");
        staff(billingEmail, "billing");
        staff(supportEmail, "support");
    }

    @Test
    void showsRecurringRevenueWorkedOutFromTheSeededSubscriptions() {
        String html = signIn(billingEmail).get("/hq").body();

        // MRR: 29.00 + 29.00 (two monthly Starter) + 790.00 / 12 (annual Growth) + 290.00 / 12 (annual Starter)
        //    = 58.00 + 1,080.00 / 12 = 58.00 + 90.00 = 148.00. The cancelled one and the trials count nothing.
        assertThat(tile(html, "tile-mrr")).contains("$148.00").contains("4 paying subscriptions");
        // ARR = 148.00 × 12 = 1,776.00.
        assertThat(tile(html, "tile-arr")).contains("$1,776.00");
        // Subscription invoices paid this month: 29 + 29 + 790 + 290 + 29 (the one since cancelled) = 1,167.00.
        assertThat(tile(html, "tile-revenue")).contains("$1,167.00").contains("Last month: $0.00");
        assertThat(tile(html, "tile-recharges")).contains("$0.00").contains("0 paid");
        assertThat(tile(html, "tile-overdue")).contains("$40.00").contains("1 invoices");
        assertThat(html).contains("How these figures are worked out").contains("MRR × 12");
    }

    @Test
    void countsTenantsByStatusAndListsWhatNeedsAttention() {
        String html = signIn(billingEmail).get("/hq").body();

        String byStatus = section(html, "tenants-by-status");
        assertThat(byStatus).contains("8 tenants");
        assertThat(row(byStatus, "Active")).contains(">4<");
        assertThat(row(byStatus, "Trial")).contains(">3<");
        assertThat(row(byStatus, "Cancelled")).contains(">1<");
        // Only the 3-day trial ends within 7 days.
        String trials = section(html, "trials");
        assertThat(trials).contains(hostile);
        assertThat(trials.split("<tr>", -1)).hasSize(3); // the header row and one trial
        assertThat(html).contains("No tenant is in its grace period or read-only.");
        assertThat(section(html, "overdue")).contains("$40.00");
        // The current month's row of the chart's table: MRR now, eight started, one churned.
        String months = section(html, "months");
        assertThat(months.split("<tr>", -1)).hasSize(14); // the header row and twelve months
        String current = months.substring(months.lastIndexOf("<tr>"));
        assertThat(current).contains("$148.00").contains(">8<").contains(">1<");
        assertThat(html).contains("chart-mrr").contains("/js/dashboard").contains("/webjars/chart.js/");
    }

    @Test
    void theChartsDataComesFromAJsonEndpoint() {
        HttpBrowser browser = signIn(billingEmail);
        HttpBrowser.Page json = browser.get("/hq/analytics/months");

        assertThat(json.status()).isEqualTo(200);
        JsonNode data = Api.JSON.readTree(json.body());
        assertThat(data.get("labels")).hasSize(12);
        assertThat(data.get("mrr").get(11).asString()).isEqualTo("148.00");
        assertThat(data.get("started").get(11).asLong()).isEqualTo(8);
        assertThat(data.get("churned").get(11).asLong()).isEqualTo(1);
        assertThat(data.get("currency").asString()).isEqualTo("USD");
    }

    @Test
    void aTenantsNameIsEscaped() {
        String html = signIn(billingEmail).get("/hq").body();

        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt; Ltd").doesNotContain("<script>alert(1)");
    }

    @Test
    void staffWithoutAnalyticsReadSeeNoFiguresAndAreRefusedTheirData() {
        HttpBrowser support = signIn(supportEmail);
        HttpBrowser.Page home = support.get("/hq");

        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains("Signed in as").contains(supportEmail)
                .contains("does not include <code>analytics.read</code>").doesNotContain("tile-mrr")
                .doesNotContain("$148.00");
        // Support may read the audit log: the recent events are there.
        assertThat(home.body()).contains("Recent audit events").contains("staff.signed_in");
        assertThat(support.get("/hq/analytics/months").status()).isEqualTo(403);
    }

    @Test
    void theDashboardNeedsASignedInStaffMember() {
        assertThat(new HttpBrowser(port).get("/hq").location()).endsWith("/hq/login");
        assertThat(new HttpBrowser(port).get("/hq/analytics/months").location()).endsWith("/hq/login");
    }

    @Test
    void theAccountPageKeepsTheSessionsAndTwoFactorLinks() {
        HttpBrowser.Page account = signIn(billingEmail).get("/hq/account");

        assertThat(account.status()).isEqualTo(200);
        assertThat(account.body()).contains("Your account").contains("Your sessions")
                .contains("Turn on two-factor authentication");
    }

    private String pay(String plan, String cycle) {
        String slug = Fixtures.tenantOn(api, plan).get("slug").asString();
        String t = "/api/v1/tenants/" + slug;
        assertThat(api.post(t + "/wallet/credits", Map.of("amount", "1000.00", "reason", "Float", "reference",
                "float")).status()).isEqualTo(201);
        Api.Response assigned = api.put(t + "/subscription", Map.of("plan", plan, "cycle", cycle, "collection",
                "wallet"));
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(assigned.json().get("status").asString()).isEqualTo("active");
        return slug;
    }

    private void staff(String email, String role) {
        assertThat(api.post("/api/v1/staff", Map.of("email", email, "name", "Staff " + role, "password", PASSWORD,
                "role", role)).status()).isEqualTo(201);
    }

    private HttpBrowser signIn(String email) {
        HttpBrowser browser = new HttpBrowser(port).language("en-US");
        browser.get("/hq/login");
        assertThat(browser.post("/hq/login", Map.of("email", email, "password", PASSWORD)).location())
                .endsWith("/hq");
        return browser;
    }

    /** The element with this id and what follows it up to the next article or section. */
    static String tile(String html, String id) {
        int at = html.indexOf("id=\"" + id + "\"");
        assertThat(at).as("no element " + id).isNotNegative();
        int end = html.indexOf("</article>", at);
        return html.substring(at, end);
    }

    static String section(String html, String id) {
        int at = html.indexOf("id=\"" + id + "\"");
        assertThat(at).as("no element " + id).isNotNegative();
        int end = html.indexOf("</table>", at);
        return html.substring(at, end);
    }

    static String row(String table, String header) {
        int at = table.indexOf(">" + header + "</th>");
        assertThat(at).as("no row " + header).isNotNegative();
        return table.substring(at, table.indexOf("</tr>", at));
    }
}
