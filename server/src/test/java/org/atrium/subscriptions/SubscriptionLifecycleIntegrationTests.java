package org.atrium.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.atrium.billing.InvoiceIssued;
import org.atrium.platform.AdjustableClock;
import org.atrium.support.AfterCommit;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * The daily run's guarantees: a second run changes nothing, a dry run changes nothing, two runs at once charge each
 * tenant once, and a run that dies half way through a tenant leaves nothing half-written and misses nothing when it
 * runs again. Also the owner's actions and the refusals of illegal transitions.
 */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=subscription-lifecycle")
class SubscriptionLifecycleIntegrationTests {

    /** Tenants whose invoices fail as if the process died in the middle of their transaction. */
    static final Set<String> CRASHING = ConcurrentHashMap.newKeySet();

    @TestConfiguration
    static class Crash {
        @Bean
        Object crashingListener(JdbcClient jdbc) {
            return new Object() {
                @EventListener
                void on(InvoiceIssued issued) {
                    String slug = jdbc.sql("select slug from tenants where id = :id")
                            .param("id", issued.tenantId().value()).query(String.class).single();
                    if (CRASHING.contains(slug)) {
                        throw new IllegalStateException("simulated crash while renewing " + slug);
                    }
                }
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    AdjustableClock clock;

    @Autowired
    JdbcClient jdbc;

    Api api;

    @BeforeEach
    void setUp() {
        api = Api.asRoot(port);
    }

    /** Tenants on Starter (29.00, no tax configured here) with wallets of 100.00, all converting from trial at once. */
    private List<String> tenantsDueTogether(int count) {
        List<String> slugs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String slug = "due-" + UUID.randomUUID().toString().substring(0, 8);
            assertThat(api.post("/api/v1/tenants", Map.of("slug", slug, "name", "Due " + i, "plan", "starter"))
                    .status()).isEqualTo(201);
            assertThat(api.post("/api/v1/tenants/" + slug + "/wallet/credits",
                    Map.of("amount", "100.00", "reason", "Prepaid", "reference", "prepaid-" + slug)).status())
                    .isEqualTo(201);
            slugs.add(slug);
        }
        return slugs;
    }

    private void passTrial() {
        // Move past the trials without running the lifecycle: the runs below are what is being tested.
        clock.advance(java.time.Duration.ofDays(15));
    }

    private long invoices(String slug) {
        return api.get("/api/v1/tenants/" + slug + "/invoices?type=subscription").json().get("totalItems").asLong();
    }

    private String balance(String slug) {
        return api.get("/api/v1/tenants/" + slug + "/wallet").json().get("balance").asString();
    }

    private String status(String slug) {
        return api.get("/api/v1/tenants/" + slug + "/subscription").json().get("status").asString();
    }

    private List<String> actionsFor(JsonNode run, List<String> slugs) {
        List<String> found = new ArrayList<>();
        run.get("items").forEach(a -> {
            if (slugs.contains(a.get("tenant").asString())) {
                found.add(a.get("tenant").asString() + ":" + a.get("action").asString());
            }
        });
        return found;
    }

    @Test
    void aDryRunReportsWhatWouldHappenAndChangesNothing() {
        List<String> slugs = tenantsDueTogether(2);
        passTrial();
        JsonNode dry = api.post("/api/v1/lifecycle/run?dryRun=true").json();
        List<JsonNode> mine = new ArrayList<>();
        dry.get("items").forEach(a -> {
            if (slugs.contains(a.get("tenant").asString())) {
                mine.add(a);
            }
        });
        assertThat(mine).hasSize(2);
        assertThat(mine).allSatisfy(a -> {
            assertThat(a.get("from").asString()).isEqualTo("trial");
            assertThat(a.get("to").asString()).isEqualTo("active");
            assertThat(a.get("amount").asString()).isEqualTo("29.00");
        });
        for (String slug : slugs) {
            assertThat(status(slug)).isEqualTo("trial");
            assertThat(balance(slug)).isEqualTo("100.00");
            assertThat(invoices(slug)).isZero();
        }
        api.post("/api/v1/lifecycle/run");
    }

    @Test
    void runningTwiceChangesNothingTheSecondTime() {
        List<String> slugs = tenantsDueTogether(3);
        passTrial();
        assertThat(actionsFor(api.post("/api/v1/lifecycle/run").json(), slugs)).hasSize(3);
        assertThat(actionsFor(api.post("/api/v1/lifecycle/run").json(), slugs)).isEmpty();
        for (String slug : slugs) {
            assertThat(status(slug)).isEqualTo("active");
            assertThat(invoices(slug)).isEqualTo(1);
            assertThat(balance(slug)).isEqualTo("71.00");
        }
    }

    @Test
    void aPaymentByWireRestoresTheSuspendedSubscriptionThatWaitedOnIt() {
        String prepaid = tenantsDueTogether(1).get(0);
        String unpaid = "unpaid-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/tenants", Map.of("slug", unpaid, "name", "Unpaid", "plan", "starter")).status())
                .isEqualTo(201);
        passTrial();
        assertThat(actionsFor(api.post("/api/v1/lifecycle/run").json(), List.of(prepaid, unpaid)))
                .containsExactlyInAnyOrder(prepaid + ":trial_converted", unpaid + ":trial_unpaid");
        assertThat(status(unpaid)).isEqualTo("suspended");

        // Paid by wire: the suspended subscription waited on exactly this invoice and comes back (after commit).
        String open = invoiceNumber(unpaid);
        assertThat(api.post("/api/v1/invoices/" + open + "/payments", Map.of("method", "wire")).status())
                .isEqualTo(200);
        AfterCommit.await(() -> status(unpaid), "active"::equals);
        assertThat(status(unpaid)).isEqualTo("active");
        assertThat(status(prepaid)).isEqualTo("active");
        assertThat(balance(prepaid)).isEqualTo("71.00");
    }

    private String invoiceNumber(String slug) {
        return api.get("/api/v1/tenants/" + slug + "/invoices?type=subscription").json().get("items").get(0)
                .get("number").asString();
    }

    @Test
    void oneChunkWithRenewalsAndRefusalsGivesEachTenantItsOwnOutcome() {
        // Starter is 29.00 with no tax here. Two wallets cover the first period (one exactly), one holds 28.99, one
        // nothing, and one covers it but has auto-renew off: one chunk, five outcomes.
        List<String> covered = tenantsDueTogether(1);
        String exact = "exact-" + UUID.randomUUID().toString().substring(0, 8);
        String short1 = "short-" + UUID.randomUUID().toString().substring(0, 8);
        String empty = "empty-" + UUID.randomUUID().toString().substring(0, 8);
        String manual = "manual-" + UUID.randomUUID().toString().substring(0, 8);
        for (String slug : List.of(exact, short1, empty, manual)) {
            assertThat(api.post("/api/v1/tenants", Map.of("slug", slug, "name", slug, "plan", "starter")).status())
                    .isEqualTo(201);
        }
        Map<String, String> prepaid = Map.of(exact, "29.00", short1, "28.99", manual, "50.00");
        prepaid.forEach((slug, amount) -> assertThat(api.post("/api/v1/tenants/" + slug + "/wallet/credits",
                Map.of("amount", amount, "reason", "Prepaid", "reference", "prepaid-" + slug)).status())
                .isEqualTo(201));
        assertThat(api.post("/api/v1/tenants/" + manual + "/subscription/auto-renew", Map.of("enabled", false))
                .json().get("autoRenew").asBoolean()).isFalse();
        String paid = covered.get(0);
        passTrial();

        List<String> all = List.of(paid, exact, short1, empty, manual);
        assertThat(actionsFor(api.post("/api/v1/lifecycle/run").json(), all)).containsExactlyInAnyOrder(
                paid + ":trial_converted", exact + ":trial_converted", short1 + ":trial_unpaid",
                empty + ":trial_unpaid", manual + ":trial_unpaid");

        assertThat(status(paid)).isEqualTo("active");
        assertThat(balance(paid)).isEqualTo("71.00");
        assertThat(status(exact)).isEqualTo("active");
        assertThat(balance(exact)).isEqualTo("0.00");
        for (String slug : List.of(short1, empty, manual)) {
            JsonNode subscription = api.get("/api/v1/tenants/" + slug + "/subscription").json();
            assertThat(subscription.get("status").asString()).isEqualTo("suspended");
            JsonNode open = api.get("/api/v1/invoices/" + subscription.get("openInvoice").asString()).json();
            assertThat(open.get("status").asString()).isEqualTo("issued");
            assertThat(open.get("total").asString()).isEqualTo("29.00");
        }
        assertThat(balance(short1)).isEqualTo("28.99");
        assertThat(balance(manual)).isEqualTo("50.00");

        // The two renewals paid in one statement are two invoices, each paid by its own ledger row, with their own
        // numbers, audited issued then paid, and each tenant told once.
        for (String slug : List.of(paid, exact)) {
            JsonNode invoice = api.get("/api/v1/tenants/" + slug + "/invoices?type=subscription").json().get("items")
                    .get(0);
            assertThat(invoice.get("status").asString()).isEqualTo("paid");
            assertThat(invoice.get("total").asString()).isEqualTo("29.00");
            assertThat(invoice.get("payments")).hasSize(1);
            String number = invoice.get("number").asString();
            assertThat(api.get("/api/v1/invoices/" + number).json().get("tenantId").asString())
                    .isEqualTo(api.get("/api/v1/tenants/" + slug).json().get("id").asString());
            assertThat(jdbc.sql("select event_type from audit_events where target = :n order by seq").param("n", number)
                    .query(String.class).list()).containsExactly("saas.invoice.issued", "saas.invoice.paid");
            assertThat(jdbc.sql("select n.body_html from notification_outbox n join tenants t on t.id = n.tenant_id "
                    + "where t.slug = :slug and n.type = 'subscription.renewed'").param("slug", slug)
                    .query(String.class).list()).singleElement().asString().contains("Invoice " + number);
        }
        assertThat(invoiceNumber(paid)).isNotEqualTo(invoiceNumber(exact));
        assertThat(api.get("/api/v1/wallets/verify").json().get("valid").asBoolean()).isTrue();
        assertThat(actionsFor(api.post("/api/v1/lifecycle/run").json(), all)).isEmpty();
    }

    @Test
    void twoRunsAtOnceChargeEachTenantOnce() throws Exception {
        List<String> slugs = tenantsDueTogether(6);
        passTrial();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<JsonNode>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(pool.submit(() -> {
                start.await();
                return api.post("/api/v1/lifecycle/run").json();
            }));
        }
        start.countDown();
        int converted = 0;
        for (Future<JsonNode> run : runs) {
            converted += actionsFor(run.get(), slugs).size();
        }
        pool.shutdown();
        assertThat(converted).isEqualTo(6);
        for (String slug : slugs) {
            assertThat(invoices(slug)).isEqualTo(1);
            assertThat(balance(slug)).isEqualTo("71.00");
        }
        assertThat(api.get("/api/v1/wallets/verify").json().get("valid").asBoolean()).isTrue();
    }

    @Test
    void aRunThatDiesInTheMiddleOfATenantLeavesNothingHalfDoneAndTheNextRunCompletesIt() {
        List<String> slugs = tenantsDueTogether(3);
        String victim = slugs.get(1);
        long auditBefore = jdbc.sql("select count(*) from audit_events where target = :slug").param("slug", victim)
                .query(Long.class).single();
        passTrial();
        CRASHING.add(victim);
        JsonNode first;
        try {
            first = api.post("/api/v1/lifecycle/run").json();
        } finally {
            CRASHING.remove(victim);
        }
        assertThat(actionsFor(first, slugs)).contains(slugs.get(0) + ":trial_converted",
                slugs.get(2) + ":trial_converted");
        // The victim's transaction rolled back whole: no invoice, no debit, no status change, no notification.
        assertThat(status(victim)).isEqualTo("trial");
        assertThat(balance(victim)).isEqualTo("100.00");
        assertThat(invoices(victim)).isZero();
        assertThat(jdbc.sql("select count(*) from notification_outbox n join tenants t on t.id = n.tenant_id "
                + "where t.slug = :slug and n.type = 'subscription.renewed'").param("slug", victim).query(Long.class)
                .single()).isZero();
        assertThat(jdbc.sql("select count(*) from audit_events where target = :slug").param("slug", victim)
                .query(Long.class).single()).isEqualTo(auditBefore);

        JsonNode second = api.post("/api/v1/lifecycle/run").json();
        assertThat(actionsFor(second, slugs)).containsExactly(victim + ":trial_converted");
        for (String slug : slugs) {
            assertThat(status(slug)).isEqualTo("active");
            assertThat(invoices(slug)).isEqualTo(1);
            assertThat(balance(slug)).isEqualTo("71.00");
        }
    }

    @Test
    void ownerActionsAreCheckedAndAudited() {
        String slug = tenantsDueTogether(1).get(0);
        // Reactivating what is not set to cancel is an illegal transition that names both states.
        Api.Response reactivate = api.post("/api/v1/tenants/" + slug + "/subscription/reactivate");
        assertThat(reactivate.status()).isEqualTo(409);
        assertThat(reactivate.json().get("currentState").asString()).isEqualTo("trial");
        assertThat(reactivate.json().get("requestedState").asString()).isEqualTo("reactivated");

        JsonNode before = api.get("/api/v1/tenants/" + slug + "/subscription").json();
        JsonNode extended = api.post("/api/v1/tenants/" + slug + "/subscription/extend",
                Map.of("days", 10, "reason", "Onboarding took longer")).json();
        assertThat(java.time.LocalDate.parse(extended.get("periodEnd").asString()))
                .isEqualTo(java.time.LocalDate.parse(before.get("periodEnd").asString()).plusDays(10));
        assertThat(api.get("/api/v1/audit-events?type=saas.subscription.extended&tenantId="
                + api.get("/api/v1/tenants/" + slug).json().get("id").asString()).json().get("totalItems").asLong())
                .isEqualTo(1);

        JsonNode cancelled = api.post("/api/v1/tenants/" + slug + "/subscription/cancel",
                Map.of("atPeriodEnd", false, "reason", "Fraud")).json();
        assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
        assertThat(api.get("/api/v1/tenants/" + slug).json().get("writeAllowed").asBoolean()).isFalse();
        Api.Response extendCancelled = api.post("/api/v1/tenants/" + slug + "/subscription/extend",
                Map.of("days", 3, "reason", "x"));
        assertThat(extendCancelled.status()).isEqualTo(409);
        assertThat(extendCancelled.json().get("currentState").asString()).isEqualTo("cancelled");

        // A new assignment brings it back, paid from the wallet: 100.00 − 29.00.
        assertThat(api.put("/api/v1/tenants/" + slug + "/subscription",
                Map.of("plan", "starter", "collection", "wallet")).status()).isEqualTo(200);
        assertThat(status(slug)).isEqualTo("active");
        assertThat(balance(slug)).isEqualTo("71.00");
    }

    @Test
    void anUnpaidTrialIsSuspendedAndAnInvoiceThatNoLongerStandsIsVoided() {
        String slug = "unpaid-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/tenants", Map.of("slug", slug, "name", "Unpaid", "plan", "starter")).status())
                .isEqualTo(201);
        passTrial();
        api.post("/api/v1/lifecycle/run");
        JsonNode suspended = api.get("/api/v1/tenants/" + slug + "/subscription").json();
        assertThat(suspended.get("status").asString()).isEqualTo("suspended");
        String trialInvoice = suspended.get("openInvoice").asString();
        assertThat(api.get("/api/v1/invoices/" + trialInvoice).json().get("status").asString()).isEqualTo("issued");

        // The owner puts it on a plan to be paid by transfer: the trial's invoice is superseded.
        JsonNode assigned = api.put("/api/v1/tenants/" + slug + "/subscription",
                Map.of("plan", "starter", "collection", "invoice")).json();
        assertThat(assigned.get("status").asString()).isEqualTo("active");
        String transferInvoice = assigned.get("openInvoice").asString();
        assertThat(transferInvoice).isNotEqualTo(trialInvoice);
        assertThat(api.get("/api/v1/invoices/" + trialInvoice).json().get("status").asString()).isEqualTo("cancelled");

        // Cancelled at once: nothing is owed for a period that will not be served.
        api.post("/api/v1/tenants/" + slug + "/subscription/cancel", Map.of("atPeriodEnd", false, "reason", "Churned"));
        assertThat(api.get("/api/v1/invoices/" + transferInvoice).json().get("status").asString())
                .isEqualTo("cancelled");
        assertThat(status(slug)).isEqualTo("cancelled");
        assertThat(balance(slug)).isEqualTo("0.00");
    }

    @Test
    void badRequestsAreRefusedAndChangeNothing() {
        String slug = tenantsDueTogether(1).get(0);
        JsonNode before = api.get("/api/v1/tenants/" + slug + "/subscription").json();
        String path = "/api/v1/tenants/" + slug + "/subscription";
        assertThat(api.put(path, Map.of("plan", "no-such-plan")).json().get("errors").has("plan")).isTrue();
        assertThat(api.put(path, Map.of("plan", "growth", "cycle", "weekly")).json().get("errors").has("cycle"))
                .isTrue();
        assertThat(api.put(path, Map.of("plan", "growth", "collection", "cheque")).status()).isEqualTo(400);
        assertThat(api.put(path, "{\"plan\": ").status()).isEqualTo(400);
        assertThat(api.put(path, Map.of("plan", "growth", "colour", "red")).status()).isEqualTo(400);
        assertThat(api.post(path + "/extend", Map.of("days", -5, "reason", "x")).status()).isEqualTo(400);
        assertThat(api.post(path + "/extend", Map.of("days", 5)).status()).isEqualTo(400);
        assertThat(api.post(path + "/cancel", Map.of("atPeriodEnd", true)).status()).isEqualTo(400);
        assertThat(api.get(path + "/preview-change?plan=nope").status()).isEqualTo(400);
        assertThat(api.put("/api/v1/tenants/nobody-here/subscription", Map.of("plan", "growth")).status())
                .isEqualTo(404);
        // 402: the wallet (100.00) cannot pay Pro (199.00); nothing changes.
        Api.Response refused = api.put(path, Map.of("plan", "pro", "collection", "wallet"));
        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.json().get("requiredAmount").asString()).isEqualTo("199.00");
        JsonNode after = api.get(path).json();
        assertThat(after.get("version").asInt()).isEqualTo(before.get("version").asInt());
        assertThat(after.get("plan").asString()).isEqualTo("starter");
        assertThat(balance(slug)).isEqualTo("100.00");
        assertThat(api.post("/api/v1/sandbox/clock", Map.of("advanceDays", 0)).status()).isEqualTo(400);
    }
}
