package org.atrium.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;

import org.atrium.billing.Invoice;
import org.atrium.billing.InvoiceFixtures;
import org.atrium.billing.Invoicing;
import org.atrium.billing.ManualPayment;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.HqStaff;
import org.atrium.support.HttpBrowser;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * Cancelling and refunding a tenant's invoice from its HQ page: asked, confirmed, then done through billing as the
 * API does; refused with billing's message; not offered, and 403 when posted, without {@code saas.invoices.manage}.
 */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=moving-clock")
class HqTenantInvoicePagesIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Clock clock;

    @Autowired
    Invoicing invoicing;

    @Autowired
    Tenants tenants;

    @Test
    void anInvoiceIsCancelledAfterTheConfirmationWithItsReason() {
        Api root = Api.asRoot(port);
        String slug = HqTenantPagesIntegrationTests.tenant(root, "Oak <b>Barrel</b>", "starter");
        Invoice open = issue(root, slug, "12.00");
        HttpBrowser billing = HqStaff.signedIn(port, "billing", clock.instant());
        String base = "/hq/tenants/" + slug + "/invoices/" + open.number();

        HttpBrowser.Page list = billing.get("/hq/tenants/" + slug + "/invoices");
        assertThat(list.body()).contains("id=\"cancel-" + open.number() + "\"")
                .doesNotContain("id=\"refund-" + open.number() + "\"")
                .contains("Oak &lt;b&gt;Barrel&lt;/b&gt;").doesNotContain("Oak <b>Barrel</b>");
        assertThat(billing.get(base + "/cancel").body()).contains("id=\"action-form\"");

        HttpBrowser.Page noReason = billing.post(base + "/cancel/confirm", Map.of("reason", " "));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("role=\"alert\"");

        HttpBrowser.Page confirm = billing.post(base + "/cancel/confirm",
                Map.of("reason", "Sent <script>twice</script>"));
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("Confirm the cancellation")
                .contains("Sent &lt;script&gt;twice&lt;/script&gt;").doesNotContain("<script>twice");
        assertThat(status(root, open)).isEqualTo("issued");

        HttpBrowser.Page done = billing.post(base + "/cancel", Map.of("reason", "Sent <script>twice</script>"));
        assertThat(done.location()).endsWith("/invoices?done=invoice-cancelled");
        JsonNode after = root.get("/api/v1/invoices/" + open.number()).json();
        assertThat(after.get("status").asString()).isEqualTo("cancelled");
        assertThat(after.get("cancellationReason").asString()).isEqualTo("Sent <script>twice</script>");
        assertThat(billing.get("/hq/tenants/" + slug + "/invoices?done=invoice-cancelled").body())
                .contains("The invoice was cancelled.").doesNotContain("id=\"cancel-" + open.number() + "\"");

        // A paid invoice cannot be cancelled: billing's refusal is shown on the form, nothing changes.
        Invoice paid = paid(root, slug, "20.00");
        HttpBrowser.Page refused = billing.post("/hq/tenants/" + slug + "/invoices/" + paid.number() + "/cancel",
                Map.of("reason", "Wrong"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("role=\"alert\"").contains("id=\"action-form\"");
        assertThat(status(root, paid)).isEqualTo("paid");
    }

    @Test
    void aRefundIsConfirmedThenIssuesACreditNoteOnceAndTooMuchIsRefusedWithBillingsMessage() {
        Api root = Api.asRoot(port);
        String slug = HqTenantPagesIntegrationTests.tenant(root, "Refund Row", "starter");
        Invoice paid = paid(root, slug, "40.00");
        HttpBrowser billing = HqStaff.signedIn(port, "billing", clock.instant());
        String base = "/hq/tenants/" + slug + "/invoices/" + paid.number();
        assertThat(billing.get("/hq/tenants/" + slug + "/invoices").body())
                .contains("id=\"refund-" + paid.number() + "\"").doesNotContain("id=\"cancel-" + paid.number() + "\"");
        HttpBrowser.Page form = billing.get(base + "/refund");
        String reference = form.find("id=\"reference\" name=\"reference\" required maxlength=\"200\" value=\"([^\"]+)\"");
        assertThat(reference).startsWith("hq-");

        Map<String, String> values = Map.of("amount", "15.00", "reason", "Partial outage", "reference", reference);
        HttpBrowser.Page confirm = billing.post(base + "/refund/confirm", values);
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("Confirm the refund").contains("15.00").contains("Partial outage");
        assertThat(balance(root, slug)).isEqualTo("0.00");
        assertThat(billing.post(base + "/refund/confirm", Map.of("amount", "-1", "reason", "x", "reference", "r"))
                .status()).isEqualTo(400);

        assertThat(billing.post(base + "/refund", values).location()).endsWith("/invoices?done=refunded");
        assertThat(billing.post(base + "/refund", values).location()).endsWith("/invoices?done=refunded");
        assertThat(balance(root, slug)).isEqualTo("15.00");
        assertThat(root.get("/api/v1/invoices/" + paid.number()).json().get("amountRefunded").asString())
                .isEqualTo("15.00");

        HttpBrowser.Page tooMuch = billing.post(base + "/refund",
                Map.of("amount", "30.00", "reason", "All of it", "reference", reference + "-2"));
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.body()).contains("role=\"alert\"").contains("value=\"30.00\"");
        assertThat(balance(root, slug)).isEqualTo("15.00");
    }

    @Test
    void withoutInvoicesManageNoButtonShowsAndPostingIsRefusedAndAFormWithoutCsrfIsRefused() {
        Api root = Api.asRoot(port);
        String slug = HqTenantPagesIntegrationTests.tenant(root, "Quiet Mill", "starter");
        Invoice open = issue(root, slug, "9.00");
        Invoice paid = paid(root, slug, "10.00");
        HttpBrowser support = HqStaff.signedIn(port, "support", clock.instant());
        HttpBrowser.Page list = support.get("/hq/tenants/" + slug + "/invoices");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains(open.number()).doesNotContain("id=\"cancel-").doesNotContain("id=\"refund-");
        String base = "/hq/tenants/" + slug + "/invoices/";
        assertThat(support.get(base + open.number() + "/cancel").status()).isEqualTo(403);
        assertThat(support.post(base + open.number() + "/cancel", Map.of("reason", "Mine")).status()).isEqualTo(403);
        assertThat(support.post(base + paid.number() + "/refund",
                Map.of("amount", "10.00", "reason", "Mine", "reference", "sneaky")).status()).isEqualTo(403);

        HttpBrowser billing = HqStaff.signedIn(port, "billing", clock.instant());
        billing.get(base + open.number() + "/cancel");
        assertThat(billing.postWithoutCsrf(base + open.number() + "/cancel", Map.of("reason", "No token")).status())
                .isEqualTo(403);
        // Another tenant's invoice number under this slug is not found.
        String other = HqTenantPagesIntegrationTests.tenant(root, "Other Mill", "starter");
        assertThat(billing.get("/hq/tenants/" + other + "/invoices/" + open.number() + "/cancel").status())
                .isEqualTo(404);
        assertThat(status(root, open)).isEqualTo("issued");
        assertThat(balance(root, slug)).isEqualTo("0.00");
    }

    private Invoice issue(Api root, String slug, String price) {
        Tenant tenant = tenants.requireBySlug(slug);
        String currency = root.get("/api/v1/tenants/" + slug + "/wallet").json().get("currency").asString();
        return invoicing.issue(InvoiceFixtures.subscription(tenant.id(), currency, price).taxable(false));
    }

    private Invoice paid(Api root, String slug, String price) {
        Invoice invoice = issue(root, slug, price);
        return invoicing.markPaid(invoice.number(), new ManualPayment(ManualPayment.Method.WIRE, null, null, null));
    }

    private static String status(Api root, Invoice invoice) {
        return root.get("/api/v1/invoices/" + invoice.number()).json().get("status").asString();
    }

    private static String balance(Api root, String slug) {
        return root.get("/api/v1/tenants/" + slug + "/wallet").json().get("balance").asString();
    }
}
