package org.atrium.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.HttpBrowser;
import org.atrium.support.StaffSignIn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The HQ's invoice pages as a billing clerk (who may act on invoices) and an analyst (who may only read) use them.
 * Every test works on invoices of a tenant of its own, found through the tenant filter.
 */
@AtriumIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvoicePagesIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Invoicing invoicing;

    @Autowired
    Clock clock;

    Api api;
    HttpBrowser clerk;
    HttpBrowser analyst;

    @BeforeAll
    void signIn() {
        api = Api.asRoot(port);
        clerk = StaffSignIn.signIn(port, StaffSignIn.create(port, "billing"), clock);
        analyst = StaffSignIn.signIn(port, StaffSignIn.create(port, "analyst"), clock);
    }

    @Test
    void theListFiltersSortsAndPagesOnTheServerAndKeepsItsStateInTheAddress() {
        InvoiceFixtures.CreatedTenant t = InvoiceFixtures.newTenant(api, "list");
        issue(t, "10.00");
        issue(t, "30.00");
        issue(t, "20.00");

        HttpBrowser.Page all = clerk.get("/hq/invoices?tenant=" + t.slug() + "&sort=total,asc");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).contains("1–3 of 3");
        String table = all.body().substring(all.body().indexOf("id=\"invoices\""));
        assertThat(table.indexOf("$10.00")).isLessThan(table.indexOf("$20.00"));
        assertThat(table.indexOf("$20.00")).isLessThan(table.indexOf("$30.00"));
        // The header link flips the sort and keeps the filter.
        assertThat(all.body()).contains("href=\"/hq/invoices?tenant=" + t.slug() + "&amp;sort=total,desc\"");

        HttpBrowser.Page atLeast15 = clerk.get("/hq/invoices?tenant=" + t.slug() + "&min=15");
        assertThat(atLeast15.body()).contains("1–2 of 2").contains("$20.00").contains("$30.00")
                .doesNotContain("$10.00");
        assertThat(clerk.get("/hq/invoices?tenant=" + t.slug() + "&status=paid").body()).contains("No invoices");
    }

    @Test
    void theExportStreamsTheFilteredListAsCsv() {
        InvoiceFixtures.CreatedTenant t = InvoiceFixtures.newTenant(api, "csv");
        Invoice ten = issue(t, "10.00");
        issue(t, "20.00");

        HttpBrowser.Page csv = analyst.get("/hq/invoices/export.csv?tenant=" + t.slug() + "&max=15");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.headers().get("content-type").get(0)).startsWith("text/csv");
        assertThat(csv.headers().get("content-disposition").get(0)).contains("attachment").contains("invoices.csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("number,tenant,type,status");
        assertThat(lines[1]).isEqualTo(ten.number() + "," + t.slug() + ",adjustment,issued," + ten.issueDate() + ","
                + ten.dueDate() + ",USD,10.00,0.00,0.00");
        assertThat(analyst.get("/hq/invoices/export.csv?from=never").status()).isEqualTo(400);
        assertThat(new HttpBrowser(port).get("/hq/invoices/export.csv").location()).endsWith("/hq/login");
    }

    @Test
    void htmxGetsOnlyTheResultsAndBadFiltersAreRefusedWithTheServersMessage() {
        InvoiceFixtures.CreatedTenant t = InvoiceFixtures.newTenant(api, "htmx");
        issue(t, "12.00");
        HttpBrowser htmx = StaffSignIn.signIn(port, StaffSignIn.create(port, "billing"), clock)
                .header("HX-Request", "true");

        HttpBrowser.Page fragment = htmx.get("/hq/invoices?tenant=" + t.slug());
        assertThat(fragment.body()).contains("id=\"results\"").contains("$12.00").doesNotContain("<html");

        HttpBrowser.Page bad = clerk.get("/hq/invoices?from=yesterday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("role=\"alert\"").contains("must be a date");
        assertThat(clerk.get("/hq/invoices?tenant=no-such-tenant-here").body())
                .contains("No tenant has the slug “no-such-tenant-here”");
        assertThat(clerk.get("/hq/invoices?status=%3Cscript%3E").body()).doesNotContain("<script>");
    }

    @Test
    void theClerkMarksAnInvoicePaidAfterConfirmingIt() {
        InvoiceFixtures.CreatedTenant t = InvoiceFixtures.newTenant(api, "pay");
        Invoice invoice = issue(t, "25.00");

        HttpBrowser.Page detail = clerk.get("/hq/invoices/" + invoice.number());
        assertThat(detail.body()).contains("Mark paid").contains("Cancel invoice").contains("Setup work")
                .contains(".pdf");
        HttpBrowser.Page confirm = clerk.get("/hq/invoices/" + invoice.number() + "/pay");
        assertThat(confirm.body()).contains("Yes, record $25.00 paid");

        HttpBrowser.Page paid = clerk.post("/hq/invoices/" + invoice.number() + "/pay",
                Map.of("method", "wire", "reference", "BANK-1"));
        assertThat(paid.location()).as(paid.toString()).endsWith("/hq/invoices/" + invoice.number() + "?done=paid");
        assertThat(invoicing.require(invoice.number()).status()).isEqualTo(InvoiceStatus.PAID);

        // Paid twice: the server's refusal comes back on the confirmation page.
        HttpBrowser.Page again = clerk.post("/hq/invoices/" + invoice.number() + "/pay", Map.of("method", "wire"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("role=\"alert\"");

        // A partial refund issues a credit note; more than is left is refused (409) and changes nothing.
        HttpBrowser.Page refunded = clerk.post("/hq/invoices/" + invoice.number() + "/refund",
                Map.of("amount", "5.00", "reason", "Goodwill", "reference", "r-" + invoice.number()));
        assertThat(refunded.location()).as(refunded.toString()).contains("?done=refunded");
        HttpBrowser.Page tooMuch = clerk.post("/hq/invoices/" + invoice.number() + "/refund",
                Map.of("amount", "30.00", "reason", "Too much", "reference", "r2-" + invoice.number()));
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.body()).contains("role=\"alert\"").contains("value=\"30.00\"");
        assertThat(invoicing.require(invoice.number()).amountRefunded().toPlainString()).isEqualTo("5.00");
        assertThat(clerk.get("/hq/invoices/" + invoice.number() + ".pdf").headers().get("content-type").get(0))
                .isEqualTo("application/pdf");
    }

    @Test
    void cancellingNeedsAReasonAndEscapesWhatWasTyped() {
        InvoiceFixtures.CreatedTenant t = InvoiceFixtures.newTenant(api, "cancel");
        Invoice invoice = issue(t, "8.00");
        clerk.get("/hq/invoices/" + invoice.number() + "/cancel");

        HttpBrowser.Page refused = clerk.post("/hq/invoices/" + invoice.number() + "/cancel", Map.of("reason", ""));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("role=\"alert\"");
        assertThat(invoicing.require(invoice.number()).status()).isEqualTo(InvoiceStatus.ISSUED);

        String reason = "<img src=x onerror=alert(1)> duplicate";
        assertThat(clerk.post("/hq/invoices/" + invoice.number() + "/cancel", Map.of("reason", reason)).location())
                .endsWith("?done=cancelled");
        String detail = clerk.get("/hq/invoices/" + invoice.number()).body();
        assertThat(detail).contains("&lt;img src=x onerror=alert(1)&gt; duplicate").doesNotContain("<img src=x");
        assertThat(detail).doesNotContain("Mark paid").doesNotContain("Cancel invoice");
    }

    @Test
    void anAnalystReadsInvoicesButHasNoActionAndIsRefusedIfTheyPostAnyway() {
        InvoiceFixtures.CreatedTenant t = InvoiceFixtures.newTenant(api, "read");
        Invoice invoice = issue(t, "9.00");

        HttpBrowser.Page detail = analyst.get("/hq/invoices/" + invoice.number());
        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.body()).contains("$9.00").doesNotContain("Mark paid").doesNotContain("Cancel invoice");
        assertThat(analyst.get("/hq/invoices/" + invoice.number() + "/pay").status()).isEqualTo(403);
        HttpBrowser.Page refused = analyst.post("/hq/invoices/" + invoice.number() + "/pay", Map.of("method", "wire"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("saas.invoices.manage");
        assertThat(invoicing.require(invoice.number()).status()).isEqualTo(InvoiceStatus.ISSUED);
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        InvoiceFixtures.CreatedTenant t = InvoiceFixtures.newTenant(api, "csrf");
        Invoice invoice = issue(t, "7.00");
        clerk.get("/hq/invoices/" + invoice.number() + "/cancel");

        assertThat(clerk.postWithoutCsrf("/hq/invoices/" + invoice.number() + "/cancel", Map.of("reason", "x"))
                .status()).isEqualTo(403);
        assertThat(invoicing.require(invoice.number()).status()).isEqualTo(InvoiceStatus.ISSUED);
    }

    private Invoice issue(InvoiceFixtures.CreatedTenant t, String amount) {
        return invoicing.issue(InvoiceDraft.of(t.id(), InvoiceType.ADJUSTMENT, "USD", "adj-" + java.util.UUID.randomUUID(),
                List.of(InvoiceDraft.Line.of("Setup work", amount))));
    }
}
