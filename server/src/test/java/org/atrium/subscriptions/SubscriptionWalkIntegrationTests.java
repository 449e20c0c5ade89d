package org.atrium.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.atrium.support.AfterCommit;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * One tenant walked through fourteen months of its life on a sandbox clock: trial, renewals from the wallet, a
 * balance that runs out, grace, read-only, recovery, an upgrade with proration, a downgrade at period end, an owner
 * assignment paid by transfer that goes overdue, suspension, payment, cancellation at period end and expiry. Every
 * amount is worked out here by hand from the plan prices and a 10 % tax.
 */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=subscription-walk")
class SubscriptionWalkIntegrationTests {

    @LocalServerPort
    int port;

    Api api;
    String slug;
    String tenantId;
    int invoiceSeq;
    String year;
    final Map<String, Integer> numbersPerYear = new java.util.HashMap<>();
    final List<String> invoices = new ArrayList<>();

    @Test
    void walksOneTenantThroughFourteenMonths() {
        api = Api.asRoot(port);
        // A fixed start, so that the calendar below is the one the test reasons about.
        travelTo("2027-01-15T12:00:00Z");
        assertThat(api.patch("/api/v1/settings", Map.of("taxRates", List.of(Map.of("code", "vat", "name", "VAT 10%",
                "rate", 10, "inclusive", false)))).status()).isEqualTo(200);

        slug = "walk-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode tenant = api.post("/api/v1/tenants", Map.of("slug", slug, "name", "Walk Logistics", "legalName",
                "Walk Logistics GmbH", "plan", "starter", "adminEmail", "billing@walk.test")).json();
        tenantId = tenant.get("id").asString();
        JsonNode sub = subscription();
        assertThat(sub.get("status").asString()).isEqualTo("trial");
        assertThat(sub.get("periodEnd").asString()).isEqualTo("2027-01-29"); // 14 days

        // 11 periods of Starter at 29.00 + 10 % = 31.90 each would cost 350.90; 330.00 pays for ten.
        credit("330.00", "walk-topup-1");
        expectInvoice("adjustment", "paid", "-330.00", "0.00", "-330.00");

        travelTo("2027-01-26T02:00:00Z");
        assertThat(mails("trial.ending_soon")).isEqualTo(1);

        travelTo("2027-01-29T02:00:00Z");
        sub = subscription();
        assertThat(sub.get("status").asString()).isEqualTo("active");
        assertThat(sub.get("periodStart").asString()).isEqualTo("2027-01-29");
        assertThat(sub.get("periodEnd").asString()).isEqualTo("2027-02-28"); // January 29 + 1 month in 2027
        String first = expectInvoice("subscription", "paid", "29.00", "2.90", "31.90");
        JsonNode firstLine = invoice(first).get("lines").get(0);
        assertThat(firstLine.get("periodFrom").asString()).isEqualTo("2027-01-29");
        assertThat(firstLine.get("periodTo").asString()).isEqualTo("2027-02-27"); // last day served
        assertThat(balance()).isEqualTo("298.10");

        // Nine more renewals, each on the anchor's day or the month's last day when it has none.
        String[] ends = { "2027-03-29", "2027-04-29", "2027-05-29", "2027-06-29", "2027-07-29", "2027-08-29",
                "2027-09-29", "2027-10-29", "2027-11-29" };
        String[] starts = { "2027-02-28", "2027-03-29", "2027-04-29", "2027-05-29", "2027-06-29", "2027-07-29",
                "2027-08-29", "2027-09-29", "2027-10-29" };
        String balance = "298.10";
        for (int i = 0; i < ends.length; i++) {
            travelTo(starts[i] + "T02:00:00Z");
            sub = subscription();
            assertThat(sub.get("status").asString()).isEqualTo("active");
            assertThat(sub.get("periodEnd").asString()).isEqualTo(ends[i]);
            expectInvoice("subscription", "paid", "29.00", "2.90", "31.90");
            balance = new java.math.BigDecimal(balance).subtract(new java.math.BigDecimal("31.90")).toPlainString();
            assertThat(balance()).isEqualTo(balance);
        }
        assertThat(balance).isEqualTo("11.00");
        assertThat(mails("subscription.renewed")).isEqualTo(10);

        // 2027-11-29: 11.00 does not cover 31.90 → grace until December 6, invoice open until then.
        travelTo("2027-11-29T02:00:00Z");
        sub = subscription();
        assertThat(sub.get("status").asString()).isEqualTo("grace_period");
        assertThat(sub.get("graceEndsAt").asString()).isEqualTo("2027-12-06T00:00:00Z");
        String graceInvoice = expectInvoice("subscription", "issued", "29.00", "2.90", "31.90");
        assertThat(invoice(graceInvoice).get("dueDate").asString()).isEqualTo("2027-12-06");
        assertThat(mails("wallet.balance_insufficient")).isEqualTo(1);
        assertThat(mails("subscription.grace_period_entered")).isEqualTo(1);
        assertThat(tenant().get("writeAllowed").asBoolean()).isTrue();

        travelTo("2027-12-06T02:00:00Z");
        assertThat(subscription().get("status").asString()).isEqualTo("read_only");
        assertThat(tenant().get("writeAllowed").asBoolean()).isFalse();
        assertThat(mails("subscription.read_only_entered")).isEqualTo(1);

        // 2027-12-10: a credit of 50.00 pays the open 31.90 at once; from read-only the period starts today.
        travelTo("2027-12-10T12:00:00Z");
        credit("50.00", "walk-topup-2");
        expectInvoice("adjustment", "paid", "-50.00", "0.00", "-50.00");
        sub = AfterCommit.await(() -> subscription(), s -> s.get("status").asString().equals("active"));
        assertThat(sub.get("periodStart").asString()).isEqualTo("2027-12-10");
        assertThat(sub.get("periodEnd").asString()).isEqualTo("2028-01-10");
        assertThat(invoice(graceInvoice).get("status").asString()).isEqualTo("paid");
        assertThat(balance()).isEqualTo("29.10"); // 11.00 + 50.00 − 31.90

        // 2027-12-20: upgrade to Growth. D = 31 (Dec 10 → Jan 10), 11 days used, R = 20.
        // credit round(29 × 20 / 31) = 18.71, charge round(79 × 20 / 31) = 50.97, net 32.26, tax 3.23, total 35.49.
        travelTo("2027-12-20T12:00:00Z");
        JsonNode quote = api.get("/api/v1/tenants/" + slug + "/subscription/preview-change?plan=growth").json();
        assertThat(quote.get("daysInPeriod").asLong()).isEqualTo(31);
        assertThat(quote.get("daysLeft").asLong()).isEqualTo(20);
        assertThat(quote.get("credit").get("amount").asString()).isEqualTo("18.71");
        assertThat(quote.get("charge").get("amount").asString()).isEqualTo("50.97");
        assertThat(quote.get("total").get("amount").asString()).isEqualTo("35.49");
        Api.Response refused = api.put("/api/v1/tenants/" + slug + "/subscription", Map.of("plan", "growth"));
        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.json().get("requiredAmount").asString()).isEqualTo("35.49");
        assertThat(subscription().get("plan").asString()).isEqualTo("starter");
        credit("20.00", "walk-topup-3");
        expectInvoice("adjustment", "paid", "-20.00", "0.00", "-20.00");
        assertThat(api.put("/api/v1/tenants/" + slug + "/subscription", Map.of("plan", "growth")).status()).isEqualTo(200);
        expectInvoice("subscription", "paid", "32.26", "3.23", "35.49");
        sub = subscription();
        assertThat(sub.get("plan").asString()).isEqualTo("growth");
        assertThat(sub.get("periodEnd").asString()).isEqualTo("2028-01-10");
        assertThat(balance()).isEqualTo("13.61"); // 29.10 + 20.00 − 35.49

        // Downgrade back to Starter at period end; 20.00 more so that the renewal on Starter is covered.
        assertThat(api.put("/api/v1/tenants/" + slug + "/subscription", Map.of("plan", "starter")).status()).isEqualTo(200);
        assertThat(subscription().get("pendingPlan").asString()).isEqualTo("starter");
        assertThat(subscription().get("plan").asString()).isEqualTo("growth");
        credit("20.00", "walk-topup-4");
        expectInvoice("adjustment", "paid", "-20.00", "0.00", "-20.00");

        travelTo("2028-01-10T02:00:00Z");
        sub = subscription();
        assertThat(sub.get("plan").asString()).isEqualTo("starter");
        assertThat(sub.get("periodEnd").asString()).isEqualTo("2028-02-10");
        expectInvoice("subscription", "paid", "29.00", "2.90", "31.90");
        assertThat(balance()).isEqualTo("1.71"); // 33.61 − 31.90

        // 2028-01-15: the owner assigns Growth, to be paid by transfer within 14 days: due January 29.
        travelTo("2028-01-15T12:00:00Z");
        assertThat(api.put("/api/v1/tenants/" + slug + "/subscription",
                Map.of("plan", "growth", "collection", "invoice")).status()).isEqualTo(200);
        String assigned = expectInvoice("subscription", "issued", "79.00", "7.90", "86.90");
        assertThat(invoice(assigned).get("dueDate").asString()).isEqualTo("2028-01-29");
        sub = subscription();
        assertThat(sub.get("status").asString()).isEqualTo("active");
        assertThat(sub.get("periodStart").asString()).isEqualTo("2028-01-15");
        assertThat(mails("subscription.assigned")).isEqualTo(1);

        // Overdue from January 30; reminders 1, 3 and 7 days after the due date; suspended 14 days overdue.
        travelTo("2028-01-30T02:00:00Z");
        assertThat(invoice(assigned).get("status").asString()).isEqualTo("overdue");
        // The grace invoice was overdue too, from December 7 until it was paid on December 10: reminders on
        // December 7 (1 day) and 9 (3 days). Now the first for the assigned invoice.
        assertThat(mails("invoice.overdue")).isEqualTo(3);
        travelTo("2028-02-05T02:00:00Z");
        assertThat(mails("invoice.overdue")).isEqualTo(5);
        assertThat(subscription().get("status").asString()).isEqualTo("active");
        travelTo("2028-02-12T02:00:00Z");
        assertThat(subscription().get("status").asString()).isEqualTo("suspended");
        assertThat(tenant().get("status").asString()).isEqualTo("suspended");

        // Paid by wire on February 14: active again, the period starting on the day of payment.
        travelTo("2028-02-14T12:00:00Z");
        assertThat(api.post("/api/v1/invoices/" + assigned + "/payments", Map.of("method", "wire", "reference",
                "WIRE-7781", "paidOn", "2028-02-14", "note", "Received")).status()).isIn(200, 201);
        sub = AfterCommit.await(() -> subscription(), s -> s.get("status").asString().equals("active"));
        assertThat(sub.get("periodStart").asString()).isEqualTo("2028-02-14");
        assertThat(sub.get("periodEnd").asString()).isEqualTo("2028-03-14");

        // Cancel at period end: expired on March 14, writes refused.
        assertThat(api.post("/api/v1/tenants/" + slug + "/subscription/cancel",
                Map.of("atPeriodEnd", true, "reason", "Moving to another provider")).status()).isEqualTo(200);
        assertThat(subscription().get("cancelAtPeriodEnd").asBoolean()).isTrue();
        travelTo("2028-03-14T02:00:00Z");
        assertThat(subscription().get("status").asString()).isEqualTo("expired");
        assertThat(tenant().get("writeAllowed").asBoolean()).isFalse();
        assertThat(invoiceSeq).isEqualTo(invoices.size());
        // Four top-ups, each told to the tenant (after the credit committed).
        AfterCommit.await(() -> mails("wallet.recharged"), n -> n == 4);
        assertThat(mails("wallet.recharged")).isEqualTo(4);

        // The audit log tells the same story, in order, with the system as the actor of the daily run.
        List<String> types = new ArrayList<>();
        api.get("/api/v1/audit-events?tenantId=" + tenantId + "&type=saas.subscription.*&sort=seq,asc&size=500")
                .json().get("items").forEach(e -> types.add(e.get("type").asString()));
        assertThat(types).containsSubsequence("saas.subscription.trial_started", "saas.subscription.activated",
                "saas.subscription.auto_renewed", "saas.subscription.grace_period", "saas.subscription.read_only",
                "saas.subscription.recovered", "saas.subscription.upgraded", "saas.subscription.downgrade_scheduled",
                "saas.subscription.auto_renewed", "saas.subscription.assigned", "saas.subscription.suspended",
                "saas.subscription.recovered", "saas.subscription.cancel_scheduled", "saas.subscription.expired");
        assertThat(api.post("/api/v1/audit-events/verify").json().get("valid").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/wallets/verify").json().get("valid").asBoolean()).isTrue();
    }

    private void travelTo(String instant) {
        year = instant.substring(0, 4);
        Api.Response r = api.post("/api/v1/sandbox/clock", Map.of("to", instant));
        // More than 31 days is a background job (202): wait until it is done.
        assertThat(r.status()).as(r.body()).isIn(200, 202);
        for (int i = 0; r.status() == 202 && i < 600; i++) {
            String state = api.get("/api/v1/sandbox/clock").json().get("advance").get("state").asString();
            if (!state.equals("running")) {
                assertThat(state).isEqualTo("completed");
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        assertThat(r.status()).as("the advance was still running after a minute").isEqualTo(200);
    }

    private JsonNode subscription() {
        return api.get("/api/v1/tenants/" + slug + "/subscription").json();
    }

    private JsonNode tenant() {
        return api.get("/api/v1/tenants/" + slug).json();
    }

    private String balance() {
        return api.get("/api/v1/tenants/" + slug + "/wallet").json().get("balance").asString();
    }

    private void credit(String amount, String reference) {
        Api.Response r = api.post("/api/v1/tenants/" + slug + "/wallet/credits",
                Map.of("amount", amount, "reason", "Top-up", "reference", reference));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private JsonNode invoice(String number) {
        return api.get("/api/v1/invoices/" + number).json();
    }

    /** The next invoice in number order must be this one: numbers are gap-free from INV-2027-00001. */
    private String expectInvoice(String type, String status, String subtotal, String tax, String total) {
        invoiceSeq++;
        JsonNode list = api.get("/api/v1/tenants/" + slug + "/invoices?size=500&sort=number,asc").json();
        assertThat(list.get("totalItems").asLong()).isEqualTo(invoiceSeq);
        JsonNode last = list.get("items").get(invoiceSeq - 1);
        String number = last.get("number").asString();
        // This context has a database of its own: numbering starts at 1 and again at 1 in each new year.
        int expected = numbersPerYear.merge(year, 1, Integer::sum);
        assertThat(number).isEqualTo("INV-%s-%05d".formatted(year, expected));
        JsonNode invoice = invoice(number);
        assertThat(invoice.get("lines")).hasSize(1);
        assertThat(invoice.get("lines").get(0).get("amount").asString()).isEqualTo(subtotal);
        if (!tax.equals("0.00")) {
            assertThat(invoice.get("taxLines").get(0).get("amount").asString()).isEqualTo(tax);
            assertThat(invoice.get("taxLines").get(0).get("name").asString()).isEqualTo("VAT 10%");
        }
        assertThat(invoice.get("type").asString()).isEqualTo(type);
        assertThat(invoice.get("status").asString()).isEqualTo(status);
        assertThat(invoice.get("subtotal").asString()).isEqualTo(subtotal);
        assertThat(invoice.get("taxTotal").asString()).isEqualTo(tax);
        assertThat(invoice.get("total").asString()).isEqualTo(total);
        invoices.add(number);
        return number;
    }

    private long mails(String type) {
        return api.get("/api/v1/mail-outbox?tenantId=" + tenantId + "&type=" + type + "&size=500").json()
                .get("totalItems").asLong();
    }
}
