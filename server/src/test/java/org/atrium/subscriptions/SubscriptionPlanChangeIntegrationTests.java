package org.atrium.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * Plan changes priced from what was paid, on a sandbox clock in the style of {@link SubscriptionWalkIntegrationTests}:
 * five tenants side by side, each reproducing one case of a change of cycle or a downgrade now. Every amount is
 * worked out here by hand from the catalog prices (Starter 29.00 a month or 290.00 a year, Growth 79.00 / 790.00, Pro
 * 199.00 a month, Enterprise 499.00 a month) and a 10 % tax added to every invoice, rounded once per invoice. The
 * credit for unused time is round(paid × R / D), HALF_EVEN, from what was paid for the period, tax included as it
 * was paid.
 */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=subscription-plan-changes")
class SubscriptionPlanChangeIntegrationTests {

    @LocalServerPort
    int port;

    Api api;

    @Test
    void plansChangesArePricedFromWhatWasPaidAndAChangeOfCycleStartsANewPeriod() {
        api = Api.asRoot(port);
        travelTo("2029-01-10T12:00:00Z");
        assertThat(api.patch("/api/v1/settings", Map.of("taxRates", List.of(Map.of("code", "vat", "name", "VAT 10%",
                "rate", 10, "inclusive", false)))).status()).isEqualTo(200);

        // Every tenant but the last gets 1000.00 and is put on its plan today, 2029-01-10, paid from the wallet.
        // Annual Starter: 2029-01-10 → 2030-01-10, D = 365; 290.00 + 29.00 tax = 319.00 paid.
        String annualToEnterprise = tenantWith1000();
        assign(annualToEnterprise, "starter", "annual");
        expectLast(annualToEnterprise, "subscription", "paid", "290.00", "29.00", "319.00");
        String annualToPro = tenantWith1000();
        assign(annualToPro, "starter", "annual");
        expectLast(annualToPro, "subscription", "paid", "290.00", "29.00", "319.00");
        // Monthly Starter: 2029-01-10 → 2029-02-10; 29.00 + 2.90 = 31.90, renewed on February 10 for the same.
        String monthlyToAnnual = tenantWith1000();
        assign(monthlyToAnnual, "starter", "monthly");
        String severalInvoices = tenantWith1000();
        assign(severalInvoices, "starter", "monthly");
        // Growth by transfer, due in 30 days (2029-02-09): 79.00 + 7.90 = 86.90, never paid. Its wallet stays empty:
        // a credit would pay the open invoice at once.
        String unpaid = Fixtures.tenantOn(api, "starter").get("slug").asString();
        Api.Response byTransfer = api.put(path(unpaid), Map.of("plan", "growth", "collection", "invoice",
                "dueDays", 30));
        assertThat(byTransfer.status()).as(byTransfer.body()).isEqualTo(200);
        String unpaidInvoice = expectLast(unpaid, "subscription", "issued", "79.00", "7.90", "86.90");

        // --- (c) 2029-01-20: downgrade now of an unpaid period. Period 2029-01-10 → 02-10, D = 31; the change day
        // counts as used: 11 days used, R = 20. Nothing was paid, so nothing is credited. The open 86.90 is voided
        // and replaced, due on the same day, by the part of it already used, 79.00 − round(79.00 × 20 / 31) =
        // 79.00 − 50.97 = 28.03, and Starter for the 20 days left, round(29.00 × 20 / 31) = 18.71: 46.74 + 4.67
        // tax (4.674) = 51.41.
        travelTo("2029-01-20T12:00:00Z");
        JsonNode quote = preview(unpaid, "plan=starter&effective=now");
        assertThat(quote.get("kind").asString()).isEqualTo("downgrade");
        assertThat(quote.get("daysInPeriod").asLong()).isEqualTo(31);
        assertThat(quote.get("daysLeft").asLong()).isEqualTo(20);
        assertThat(amount(quote, "paid")).isEqualTo("0.00");
        assertThat(amount(quote, "credit")).isEqualTo("0.00");
        assertThat(amount(quote, "usedUnpaid")).isEqualTo("28.03");
        assertThat(amount(quote, "charge")).isEqualTo("18.71");
        assertThat(amount(quote, "net")).isEqualTo("46.74");
        assertThat(amount(quote, "total")).isEqualTo("51.41");
        assertThat(quote.get("resultingPeriodEnd").asString()).isEqualTo("2029-02-10");
        change(unpaid, Map.of("plan", "starter", "effective", "now"));
        assertThat(invoice(unpaidInvoice).get("status").asString()).isEqualTo("cancelled");
        String replacement = expectLast(unpaid, "subscription", "issued", "46.74", "4.67", "51.41");
        assertThat(invoice(replacement).get("lines")).hasSize(2);
        assertThat(invoice(replacement).get("dueDate").asString()).isEqualTo("2029-02-09");
        JsonNode sub = subscription(unpaid);
        assertThat(sub.get("plan").asString()).isEqualTo("starter");
        assertThat(sub.get("openInvoice").asString()).isEqualTo(replacement);
        assertThat(sub.get("periodEnd").asString()).isEqualTo("2029-02-10");
        assertThat(balance(unpaid)).isEqualTo("0.00"); // no money moved

        // February 10: the monthly tenants renew for 31.90 (period 2029-02-10 → 03-10, D = 28).
        travelTo("2029-02-10T12:00:00Z");
        expectLast(severalInvoices, "subscription", "paid", "29.00", "2.90", "31.90");
        expectLast(monthlyToAnnual, "subscription", "paid", "29.00", "2.90", "31.90");

        // --- (d) a period paid by several invoices. 2029-02-14, Starter → Growth: 5 days used, R = 23:
        // credit round(29 × 23 / 28) = 23.82, charge round(79 × 23 / 28) = 64.89, net 41.07 + 4.11 = 45.18.
        travelTo("2029-02-14T12:00:00Z");
        change(severalInvoices, Map.of("plan", "growth"));
        expectLast(severalInvoices, "subscription", "paid", "41.07", "4.11", "45.18");
        // 2029-02-17, Growth → Pro: 8 days used, R = 20: credit round(79 × 20 / 28) = 56.43, charge
        // round(199 × 20 / 28) = 142.14, net 85.71 + 8.57 (8.571) = 94.28.
        travelTo("2029-02-17T12:00:00Z");
        change(severalInvoices, Map.of("plan", "pro"));
        String proUpgrade = expectLast(severalInvoices, "subscription", "paid", "85.71", "8.57", "94.28");
        // 2029-02-20, Pro → Starter now: 11 days used, R = 17. Paid for the period 31.90 + 45.18 + 94.28 = 171.36;
        // credit round(171.36 × 17 / 28) = 104.04 (exact); Starter for 17 days round(29 × 17 / 28) = 17.61,
        // + 1.76 tax = 19.37; total 19.37 − 104.04 = −84.67, one credit note against the newest invoice (94.28
        // refundable). Before, the credit was reckoned from catalog prices (120.82 − 17.61 = 103.21) against the
        // last invoice alone, more than its 94.28: refused with a 409.
        travelTo("2029-02-20T12:00:00Z");
        quote = preview(severalInvoices, "plan=starter&effective=now");
        assertThat(quote.get("daysLeft").asLong()).isEqualTo(17);
        assertThat(amount(quote, "paid")).isEqualTo("171.36");
        assertThat(amount(quote, "credit")).isEqualTo("104.04");
        assertThat(amount(quote, "charge")).isEqualTo("17.61");
        assertThat(amount(quote, "net")).isEqualTo("-86.43");
        assertThat(amount(quote, "total")).isEqualTo("-84.67");
        assertThat(quote.get("resultingPeriodEnd").asString()).isEqualTo("2029-03-10");
        change(severalInvoices, Map.of("plan", "starter", "effective", "now"));
        JsonNode note = invoice(expectLastTotal(severalInvoices, "refund", "-84.67"));
        assertThat(note.get("refersTo").asString()).isEqualTo(proUpgrade);
        assertThat(subscription(severalInvoices).get("plan").asString()).isEqualTo("starter");
        // 1000.00 − 31.90 − 31.90 − 45.18 − 94.28 + 84.67
        assertThat(balance(severalInvoices)).isEqualTo("881.41");

        // --- (b) 2029-03-01, changes of cycle: the current period ends today, a new one starts today.
        travelTo("2029-03-01T12:00:00Z");
        // Starter annual → Enterprise monthly. Days left from today to 2030-01-10: R = 315 of D = 365 (50 used).
        // credit round(319.00 × 315 / 365) = round(275.3013…) = 275.30; a month of Enterprise in full, 499.00 +
        // 49.90 = 548.90, 2029-03-01 → 2029-04-01. Total 548.90 − 275.30 = 273.60. (Before: 208.42 and Enterprise
        // kept until 2030-01-10.)
        quote = preview(annualToEnterprise, "plan=enterprise&cycle=monthly");
        assertThat(quote.get("kind").asString()).isEqualTo("new_period");
        assertThat(quote.get("daysInPeriod").asLong()).isEqualTo(365);
        assertThat(quote.get("daysLeft").asLong()).isEqualTo(315);
        assertThat(amount(quote, "paid")).isEqualTo("319.00");
        assertThat(amount(quote, "credit")).isEqualTo("275.30");
        assertThat(amount(quote, "charge")).isEqualTo("499.00");
        assertThat(amount(quote, "net")).isEqualTo("223.70");
        assertThat(amount(quote, "total")).isEqualTo("273.60");
        assertThat(quote.get("resultingPeriodStart").asString()).isEqualTo("2029-03-01");
        assertThat(quote.get("resultingPeriodEnd").asString()).isEqualTo("2029-04-01");
        sub = change(annualToEnterprise, Map.of("plan", "enterprise", "cycle", "monthly"));
        assertThat(sub.get("plan").asString()).isEqualTo("enterprise");
        assertThat(sub.get("cycle").asString()).isEqualTo("monthly");
        assertThat(sub.get("periodStart").asString()).isEqualTo("2029-03-01");
        assertThat(sub.get("periodEnd").asString()).isEqualTo(quote.get("resultingPeriodEnd").asString());
        List<JsonNode> last = lastInvoices(annualToEnterprise, 2);
        assertThat(last.get(0).get("type").asString()).isEqualTo("refund");
        assertThat(last.get(0).get("total").asString()).isEqualTo("-275.30");
        assertThat(last.get(1).get("type").asString()).isEqualTo("subscription");
        assertThat(last.get(1).get("subtotal").asString()).isEqualTo("499.00");
        assertThat(last.get(1).get("total").asString()).isEqualTo("548.90");
        assertThat(balance(annualToEnterprise)).isEqualTo("407.40"); // 1000.00 − 319.00 + 275.30 − 548.90

        // Starter annual → Pro monthly: the same credit, 275.30; Pro in full 199.00 + 19.90 = 218.90; the credit is
        // larger: total 218.90 − 275.30 = −56.40, credited. (Before: 0.00 charged, Pro until 2030-01-10.)
        quote = preview(annualToPro, "plan=pro&cycle=monthly");
        assertThat(amount(quote, "credit")).isEqualTo("275.30");
        assertThat(amount(quote, "charge")).isEqualTo("199.00");
        assertThat(amount(quote, "total")).isEqualTo("-56.40");
        sub = change(annualToPro, Map.of("plan", "pro", "cycle", "monthly"));
        assertThat(sub.get("periodEnd").asString()).isEqualTo("2029-04-01");
        last = lastInvoices(annualToPro, 2);
        assertThat(last.get(0).get("total").asString()).isEqualTo("-275.30");
        assertThat(last.get(1).get("total").asString()).isEqualTo("218.90");
        assertThat(balance(annualToPro)).isEqualTo("737.40"); // 1000.00 − 319.00 + 275.30 − 218.90

        // Starter monthly → Growth annual. Period 2029-02-10 → 03-10, D = 28, days left from today R = 9; paid
        // 31.90: credit round(31.90 × 9 / 28) = round(10.2536…) = 10.25; a year of Growth in full, 790.00 + 79.00
        // = 869.00, 2029-03-01 → 2030-03-01; total 858.75. (Before: 736.46 for the 9 days, then 790.00 again on
        // March 10.)
        quote = preview(monthlyToAnnual, "plan=growth&cycle=annual");
        assertThat(quote.get("daysInPeriod").asLong()).isEqualTo(28);
        assertThat(quote.get("daysLeft").asLong()).isEqualTo(9);
        assertThat(amount(quote, "credit")).isEqualTo("10.25");
        assertThat(amount(quote, "charge")).isEqualTo("790.00");
        assertThat(amount(quote, "total")).isEqualTo("858.75");
        assertThat(quote.get("resultingPeriodEnd").asString()).isEqualTo("2030-03-01");
        sub = change(monthlyToAnnual, Map.of("plan", "growth", "cycle", "annual"));
        assertThat(sub.get("periodEnd").asString()).isEqualTo("2030-03-01");
        last = lastInvoices(monthlyToAnnual, 2);
        assertThat(last.get(0).get("total").asString()).isEqualTo("-10.25");
        assertThat(last.get(1).get("total").asString()).isEqualTo("869.00");
        assertThat(balance(monthlyToAnnual)).isEqualTo("77.45"); // 1000.00 − 31.90 − 31.90 + 10.25 − 869.00
        int invoicesNow = count(monthlyToAnnual);

        // March 10, the old period's end, passes without a charge: the year already paid runs to 2030-03-01.
        travelTo("2029-03-11T12:00:00Z");
        assertThat(count(monthlyToAnnual)).isEqualTo(invoicesNow);
        assertThat(subscription(monthlyToAnnual).get("periodEnd").asString()).isEqualTo("2030-03-01");
        assertThat(balance(monthlyToAnnual)).isEqualTo("77.45");

        // The history names the change and both ledgers still verify.
        assertThat(api.get(path(monthlyToAnnual) + "/history").json().get("items").toString())
                .contains("cycle_changed");
        assertThat(api.post("/api/v1/audit-events/verify").json().get("valid").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/wallets/verify").json().get("valid").asBoolean()).isTrue();
    }

    private String tenantWith1000() {
        String slug = Fixtures.tenantOn(api, "starter").get("slug").asString();
        Api.Response r = api.post("/api/v1/tenants/" + slug + "/wallet/credits",
                Map.of("amount", "1000.00", "reason", "Top-up", "reference", "topup-" + slug));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return slug;
    }

    private void assign(String slug, String plan, String cycle) {
        Api.Response r = api.put(path(slug), Map.of("plan", plan, "cycle", cycle, "collection", "wallet"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private JsonNode change(String slug, Map<String, Object> body) {
        Api.Response r = api.put(path(slug), body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private JsonNode preview(String slug, String query) {
        Api.Response r = api.get(path(slug) + "/preview-change?" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static String amount(JsonNode quote, String field) {
        return quote.get(field).get("amount").asString();
    }

    private void travelTo(String instant) {
        Api.Response r = api.post("/api/v1/sandbox/clock", Map.of("to", instant));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private static String path(String slug) {
        return "/api/v1/tenants/" + slug + "/subscription";
    }

    private JsonNode subscription(String slug) {
        return api.get(path(slug)).json();
    }

    private String balance(String slug) {
        return api.get("/api/v1/tenants/" + slug + "/wallet").json().get("balance").asString();
    }

    private JsonNode invoice(String number) {
        return api.get("/api/v1/invoices/" + number).json();
    }

    private List<JsonNode> all(String slug) {
        List<JsonNode> items = new java.util.ArrayList<>();
        api.get("/api/v1/tenants/" + slug + "/invoices?size=500&sort=number,asc").json().get("items")
                .forEach(items::add);
        return items;
    }

    private int count(String slug) {
        return all(slug).size();
    }

    /** The tenant's last {@code n} invoices in number order, read in full. */
    private List<JsonNode> lastInvoices(String slug, int n) {
        List<JsonNode> items = all(slug);
        return items.subList(items.size() - n, items.size()).stream()
                .map(i -> invoice(i.get("number").asString())).toList();
    }

    /** The tenant's newest invoice must be this one. */
    private String expectLast(String slug, String type, String status, String subtotal, String tax, String total) {
        JsonNode invoice = lastInvoices(slug, 1).get(0);
        assertThat(invoice.get("type").asString()).as(invoice.toString()).isEqualTo(type);
        assertThat(invoice.get("status").asString()).as(invoice.toString()).isEqualTo(status);
        assertThat(invoice.get("subtotal").asString()).as(invoice.toString()).isEqualTo(subtotal);
        assertThat(invoice.get("taxTotal").asString()).as(invoice.toString()).isEqualTo(tax);
        assertThat(invoice.get("total").asString()).as(invoice.toString()).isEqualTo(total);
        return invoice.get("number").asString();
    }

    private String expectLastTotal(String slug, String type, String total) {
        JsonNode invoice = lastInvoices(slug, 1).get(0);
        assertThat(invoice.get("type").asString()).as(invoice.toString()).isEqualTo(type);
        assertThat(invoice.get("total").asString()).as(invoice.toString()).isEqualTo(total);
        return invoice.get("number").asString();
    }
}
