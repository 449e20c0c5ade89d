package org.atrium.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.billing.InvoiceFixtures.list;
import static org.atrium.billing.InvoiceFixtures.newTenant;
import static org.atrium.billing.InvoiceFixtures.platformCurrency;
import static org.atrium.billing.InvoiceFixtures.subscription;
import static org.atrium.billing.InvoiceFixtures.taxRate;
import static org.atrium.billing.InvoiceFixtures.withSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.atrium.billing.InvoiceFixtures.CreatedTenant;
import org.atrium.platform.TenantId;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

@AtriumIntegrationTest
class InvoiceApiIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Invoicing invoicing;

    @Autowired
    JdbcClient jdbc;

    Api api;
    String currency;

    @BeforeEach
    void setUp() {
        api = Api.asRoot(port);
        currency = platformCurrency(api);
    }

    @Test
    void showsAnInvoiceWithMoneyAsDecimalStringsAndTheCurrencyBeside() {
        CreatedTenant tenant = newTenant(api, "iapi-get");
        Invoice invoice = invoicing.issue(subscription(tenant.id(), currency, "29.00").taxable(false));

        JsonNode body = api.get("/api/v1/invoices/" + invoice.number()).json();

        assertThat(body.get("number").asString()).isEqualTo(invoice.number());
        assertThat(body.get("type").asString()).isEqualTo("subscription");
        assertThat(body.get("status").asString()).isEqualTo("issued");
        assertThat(body.get("total").isString()).isTrue();
        assertThat(body.get("total").asString()).isEqualTo("29.00");
        assertThat(body.get("amountDue").asString()).isEqualTo("29.00");
        assertThat(body.get("currency").asString()).isEqualTo(currency);
        assertThat(body.get("issueDate").asString()).isEqualTo(invoice.issueDate().toString());
        assertThat(body.get("lines").get(0).get("unitPrice").asString()).isEqualTo("29.00");
        assertThat(body.get("buyer").get("name").asString()).isEqualTo(tenant.legalName());
        assertThat(body.has("paidAt")).as("null fields are left out").isFalse();

        Api.Response missing = api.get("/api/v1/invoices/INV-1999-99999");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
    }

    @Test
    void thePdfCarriesTheNumberTheBuyersLegalNameAndTheTotal() {
        String slug = "iapi-pdf-" + UUID.randomUUID().toString().substring(0, 8);
        CreatedTenant tenant = newTenant(api, slug, "Müller & Söhne <Łódź> Spółka z o.o.", "DE");
        withSettings(api, Map.of("taxRates", list(taxRate("vat-de", "19", "DE", false))), () -> {
            // 2 × 50.00 = 100.00 + 19% = 119.00.
            Invoice invoice = invoicing.issue(InvoiceDraft.of(tenant.id(), InvoiceType.SUBSCRIPTION, currency,
                    "sub-" + UUID.randomUUID(), List.of(InvoiceDraft.Line.of("Pro plan", "50.00").times("2"))));

            Api.Response pdf = api.get("/api/v1/invoices/" + invoice.number() + ".pdf");

            assertThat(pdf.status()).as(pdf.toString()).isEqualTo(200);
            assertThat(pdf.contentType()).startsWith("application/pdf");
            assertThat(pdf.header("Content-Disposition")).contains(invoice.number() + ".pdf");
            String text = text(pdf.raw());
            assertThat(text).contains(invoice.number());
            assertThat(text).as("escaped, and in letters beyond Western Europe's")
                    .contains("Müller & Söhne <Łódź> Spółka z o.o.");
            assertThat(text).contains("119.00 " + currency);
            assertThat(text).contains("VAT 19%").contains("19.00 " + currency).contains("Pro plan");
            assertThat(text).contains("Hauptstraße 5").contains("Atrium Platform");

            invoicing.markPaid(invoice.number(), new ManualPayment(ManualPayment.Method.WIRE, null, null, null));
            Invoice creditNote = invoicing.refund(invoice.number(), new java.math.BigDecimal("19.00"), "Discount",
                    "pdf-refund-" + UUID.randomUUID());
            String credit = text(api.get("/api/v1/invoices/" + creditNote.number() + ".pdf").raw());
            assertThat(credit).contains("Credit note").contains(creditNote.number()).contains(invoice.number())
                    .contains("-19.00 " + currency);
        });
        assertThat(api.get("/api/v1/invoices/INV-1999-99999.pdf").status()).isEqualTo(404);
    }

    @Test
    void recordsAManualPaymentCancelsAndListsATenantsInvoices() {
        CreatedTenant tenant = newTenant(api, "iapi-flow");
        Invoice toPay = invoicing.issue(subscription(tenant.id(), currency, "10.00").taxable(false));
        Invoice toCancel = invoicing.issue(subscription(tenant.id(), currency, "20.00").taxable(false));

        Api.Response paid = api.post("/api/v1/invoices/" + toPay.number() + "/payments",
                Map.of("method", "wire", "reference", "BANK-1", "paidOn", toPay.issueDate().toString(), "note", "ok"));
        Api.Response cancelled = api.post("/api/v1/invoices/" + toCancel.number() + "/cancel",
                Map.of("reason", "Duplicate"));

        assertThat(paid.status()).as(paid.toString()).isEqualTo(200);
        assertThat(paid.json().get("status").asString()).isEqualTo("paid");
        assertThat(paid.json().get("payments").get(0).get("method").asString()).isEqualTo("wire");
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.json().get("cancellationReason").asString()).isEqualTo("Duplicate");

        JsonNode page = api.get("/api/v1/tenants/" + tenant.slug() + "/invoices?sort=number,asc").json();
        assertThat(page.get("totalItems").asLong()).isEqualTo(2);
        assertThat(page.get("items").get(0).get("number").asString()).isEqualTo(toPay.number());
        JsonNode onlyCancelled = api.get("/api/v1/tenants/" + tenant.slug() + "/invoices?status=cancelled").json();
        assertThat(onlyCancelled.get("totalItems").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/tenants/" + tenant.slug() + "/invoices?status=unpaid").status()).isEqualTo(400);
    }

    @Test
    void refundAnswers201WithTheCreditNoteThen200ForTheSameReference() {
        CreatedTenant tenant = newTenant(api, "iapi-refund");
        Invoice invoice = invoicing.issue(subscription(tenant.id(), currency, "40.00").taxable(false));
        invoicing.markPaid(invoice.number(), new ManualPayment(ManualPayment.Method.CARD, null, null, null));
        String path = "/api/v1/invoices/" + invoice.number() + "/refund";
        Map<String, Object> body = Map.of("amount", 15, "reason", "Partial outage", "reference", "ref-77");

        Api.Response first = api.post(path, body);
        Api.Response again = api.post(path, body);

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        JsonNode creditNote = first.json();
        assertThat(creditNote.get("type").asString()).isEqualTo("refund");
        assertThat(creditNote.get("total").asString()).isEqualTo("-15.00");
        assertThat(creditNote.get("refersTo").asString()).isEqualTo(invoice.number());
        assertThat(first.header("Location")).isEqualTo("/api/v1/invoices/" + creditNote.get("number").asString());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(creditNote);
        JsonNode wallet = api.get("/api/v1/tenants/" + tenant.slug() + "/wallet").json();
        assertThat(wallet.get("balance").asString()).isEqualTo("15.00");
        assertThat(api.get("/api/v1/invoices/" + invoice.number()).json().get("amountRefunded").asString())
                .isEqualTo("15.00");
    }

    @Test
    void badInputIsAClear4xxAndChangesNothing() {
        CreatedTenant tenant = newTenant(api, "iapi-bad");
        Invoice paid = invoicing.issue(subscription(tenant.id(), currency, "30.00").taxable(false));
        invoicing.markPaid(paid.number(), new ManualPayment(ManualPayment.Method.WIRE, null, null, null));
        invoicing.refund(paid.number(), new java.math.BigDecimal("5.00"), "Goodwill", "used-ref");
        Invoice cancelled = invoicing.issue(subscription(tenant.id(), currency, "8.00").taxable(false));
        invoicing.cancel(cancelled.number(), "Wrong plan");
        Invoice open = invoicing.issue(subscription(tenant.id(), currency, "9.00").taxable(false));
        String otherCurrency = currency.equals("EUR") ? "USD" : "EUR";
        String refund = "/api/v1/invoices/" + paid.number() + "/refund";
        Snapshot before = snapshot(tenant.id());

        // Refunds: amounts that are not positive, have too many decimals, are not numbers, in another or an unknown
        // currency; missing reason or reference; an unknown field.
        expect(api.post(refund, refundBody("0", "r-1")), 400, "amount");
        expect(api.post(refund, refundBody("-5.00", "r-2")), 400, "amount");
        expect(api.post(refund, refundBody("1.001", "r-3")), 400, "amount");
        expect(api.send("POST", refund, "{\"amount\": 1.001, \"reason\": \"x\", \"reference\": \"r-4\"}"), 400,
                "amount");
        expect(api.post(refund, refundBody("ten", "r-5")), 400, "amount");
        expect(api.post(refund, with(refundBody("1.00", "r-6"), "currency", "XQZ")), 400, "currency");
        expect(api.post(refund, with(refundBody("1.00", "r-7"), "currency", otherCurrency)), 400, "currency");
        expect(api.post(refund, Map.of("amount", "1.00", "reference", "r-8")), 400, "reason");
        expect(api.post(refund, Map.of("amount", "1.00", "reason", "x")), 400, "reference");
        expect(api.post(refund, with(refundBody("1.00", "r-9"), "ammount", "1.00")), 400, "ammount");
        // More than was paid minus what was refunded: 30.00 − 5.00 = 25.00 is the most.
        Api.Response tooMuch = api.post(refund, refundBody("25.01", "r-10"));
        assertThat(tooMuch.status()).as(tooMuch.toString()).isEqualTo(409);
        assertThat(tooMuch.json().get("type").asString()).isEqualTo("/problems/refund-exceeds-paid");
        assertThat(tooMuch.json().get("refundable").asString()).isEqualTo("25.00");
        // A reference reused with a different amount.
        Api.Response reused = api.post(refund, refundBody("6.00", "used-ref"));
        assertThat(reused.status()).as(reused.toString()).isEqualTo(409);
        // Refunding or paying a cancelled invoice, paying one twice, cancelling a paid one.
        expectState(api.post("/api/v1/invoices/" + cancelled.number() + "/refund", refundBody("1.00", "r-11")), 409);
        expectState(api.post("/api/v1/invoices/" + cancelled.number() + "/payments", Map.of("method", "cash")), 409,
                "cancelled", "paid");
        expectState(api.post("/api/v1/invoices/" + paid.number() + "/payments", Map.of("method", "cash")), 409,
                "paid", "paid");
        expectState(api.post("/api/v1/invoices/" + paid.number() + "/cancel", Map.of("reason", "x")), 409, "paid",
                "cancelled");
        // Payments and cancellation with bad fields.
        expect(api.post("/api/v1/invoices/" + open.number() + "/payments", Map.of("method", "bitcoin")), 400,
                "method");
        expect(api.post("/api/v1/invoices/" + open.number() + "/payments", Map.of("reference", "x")), 400, "method");
        expect(api.post("/api/v1/invoices/" + open.number() + "/payments",
                Map.of("method", "wire", "paidOn", open.issueDate().plusDays(2).toString())), 400, "paidOn");
        expect(api.post("/api/v1/invoices/" + open.number() + "/cancel", Map.of("reason", " ")), 400, "reason");
        assertThat(api.post("/api/v1/invoices/INV-1999-99999/payments", Map.of("method", "wire")).status())
                .isEqualTo(404);
        // Wallet movements through the same tenant: a bad amount, and a reference taken by another movement.
        String credits = "/api/v1/tenants/" + tenant.slug() + "/wallet/credits";
        expect(api.post(credits, Map.of("amount", "-1", "reason", "x", "reference", "w-1")), 400, "amount");
        assertThat(api.post(credits, Map.of("amount", "1.00", "reason", "x", "reference", "used-ref")).status())
                .isEqualTo(409);

        assertThat(snapshot(tenant.id())).isEqualTo(before);
    }

    @Test
    void readsNeedTenantsReadAndWritesNeedTheInvoicePermission() {
        CreatedTenant tenant = newTenant(api, "iapi-perm");
        Invoice invoice = invoicing.issue(subscription(tenant.id(), currency, "3.00").taxable(false));
        String reader = api.post("/api/v1/api-keys", Map.of("name", "reader", "permissions", List.of("tenants.read")))
                .json().get("secret").asString();
        Api asReader = Api.anonymous(port).withBearer(reader);

        assertThat(asReader.get("/api/v1/invoices/" + invoice.number()).status()).isEqualTo(200);
        assertThat(asReader.get("/api/v1/invoices/" + invoice.number() + ".pdf").status()).isEqualTo(200);
        assertThat(asReader.get("/api/v1/tenants/" + tenant.slug() + "/invoices").status()).isEqualTo(200);
        assertThat(asReader.post("/api/v1/invoices/" + invoice.number() + "/cancel", Map.of("reason", "x")).status())
                .isEqualTo(403);
        assertThat(Api.anonymous(port).get("/api/v1/invoices/" + invoice.number()).status()).isEqualTo(401);
        assertThat(invoicing.require(invoice.number()).status()).isEqualTo(InvoiceStatus.ISSUED);
    }

    private static String text(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        } catch (IOException e) {
            throw new UncheckedIOException("Not a readable PDF", e);
        }
    }

    private static Map<String, Object> refundBody(String amount, String reference) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", amount);
        body.put("reason", "Test");
        body.put("reference", reference);
        return body;
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    private static void expect(Api.Response response, int status, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().has("errors") && response.json().get("errors").has(field))
                .as(response.toString()).isTrue();
    }

    private static void expectState(Api.Response response, int status, String... currentAndRequested) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (currentAndRequested.length == 2) {
            assertThat(response.json().get("currentState").asString()).isEqualTo(currentAndRequested[0]);
            assertThat(response.json().get("requestedState").asString()).isEqualTo(currentAndRequested[1]);
        }
    }

    record Snapshot(List<Map<String, Object>> invoices, long payments, String balance, long ledgerRows,
            long auditRows, List<Map<String, Object>> counters) {
    }

    private Snapshot snapshot(TenantId tenant) {
        var t = tenant.value();
        return new Snapshot(
                jdbc.sql("""
                        select number, status, amount_paid::text, amount_refunded::text, updated_at::text
                        from invoices where tenant_id = :t order by number
                        """).param("t", t).query().listOfRows(),
                jdbc.sql("select count(*) from invoice_payments where tenant_id = :t").param("t", t).query(Long.class)
                        .single(),
                jdbc.sql("select balance::text from wallets where tenant_id = :t").param("t", t).query(String.class)
                        .single(),
                jdbc.sql("select count(*) from wallet_transactions where tenant_id = :t").param("t", t)
                        .query(Long.class).single(),
                jdbc.sql("select count(*) from audit_events where tenant_id = :t").param("t", t).query(Long.class)
                        .single(),
                jdbc.sql("select prefix, year, last_value from invoice_number_counters order by prefix, year").query()
                        .listOfRows());
    }
}
