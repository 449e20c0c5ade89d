package org.atrium.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.atrium.catalog.BillingCycle;
import org.atrium.platform.Money;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.modulith.test.AssertablePublishedEvents;
import org.springframework.modulith.test.EnableScenarios;
import org.springframework.modulith.test.PublishedEventsExtension;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * One {@link Scenario} per subscription event: the change is made through the API (and the sandbox clock), and the
 * event must arrive carrying the tenant, the subscription, plan, cycle, both statuses, the period and the amount.
 * Events are captured from every thread (the server's request threads and the listeners after commit), so each test
 * picks its own tenant's event by slug. No tax is configured in this application: an invoice's total is the plan
 * price (Starter 29.00 a month, Growth 790.00 a year).
 */
@AtriumIntegrationTest
@EnableScenarios
@ExtendWith(PublishedEventsExtension.class)
@TestPropertySource(properties = { "atrium.test.context=subscription-events",
        "spring.modulith.test.thread-bound-published-events=false" })
class SubscriptionEventsIntegrationTests {

    static final Money STARTER = Money.of("29.00", "USD");
    static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void setUp() {
        api = Api.asRoot(port);
    }

    @Test
    void aNewTenantStartsItsTrial(Scenario scenario) {
        String slug = Fixtures.slug("events");
        scenario.stimulate(() -> assertThat(api.post("/api/v1/tenants",
                Fixtures.tenantRequest(slug, "Events " + slug, "starter")).status()).isEqualTo(201))
                .andWaitAtMost(WAIT)
                .andWaitForEventOfType(SubscriptionTrialStarted.class).matching(e -> e.tenantSlug().equals(slug))
                .toArriveAndVerify(e -> {
                    JsonNode sub = subscription(slug);
                    assertThat(e.type()).isEqualTo("subscription.trial_started");
                    assertThat(e.tenantId().toString()).isEqualTo(tenant(slug).get("id").asString());
                    assertThat(e.subscriptionId().toString()).isEqualTo(sub.get("id").asString());
                    assertThat(e.plan()).isEqualTo("starter");
                    assertThat(e.cycle()).isEqualTo(BillingCycle.MONTHLY);
                    assertThat(e.statusBefore()).isNull();
                    assertThat(e.statusAfter()).isEqualTo(SubscriptionStatus.TRIAL);
                    assertThat(e.periodEnd()).isEqualTo(e.periodStart().plusDays(14)); // the default trial
                    assertThat(e.amount()).isNull();
                    assertThat(e.occurredAt()).isNotNull();
                });
    }

    @Test
    void aTrialPaidFromTheWalletIsActivated(Scenario scenario) {
        String slug = tenant("starter", "29.00");
        scenario.stimulate(() -> advance(15)).andWaitAtMost(WAIT)
                .andWaitForEventOfType(SubscriptionActivated.class).matching(e -> e.tenantSlug().equals(slug))
                .toArriveAndVerify(e -> {
                    assertThat(e.statusBefore()).isEqualTo(SubscriptionStatus.TRIAL);
                    assertThat(e.statusAfter()).isEqualTo(SubscriptionStatus.ACTIVE);
                    assertThat(e.amount()).isEqualTo(STARTER);
                    assertThat(e.invoice()).isNotNull();
                    assertThat(e.periodEnd()).isEqualTo(e.periodStart().plusMonths(1));
                    assertThat(e.periodStart().toString()).isEqualTo(subscription(slug).get("periodStart").asString());
                });
    }

    @Test
    void everyRenewalOfTheBatchedRunIsOneEvent(Scenario scenario, AssertablePublishedEvents events) {
        // Three tenants renewed by the same daily run, in one chunk: one event each.
        List<String> slugs = List.of(activeOnStarter("58.00"), activeOnStarter("58.00"), activeOnStarter("58.00"));
        Set<String> mine = Set.copyOf(slugs);
        scenario.stimulate(() -> advance(32)).andWaitAtMost(WAIT)
                .andWaitForEventOfType(SubscriptionRenewed.class).matching(e -> e.tenantSlug().equals(slugs.get(2)))
                .toArriveAndVerify(e -> {
                    assertThat(e.type()).isEqualTo("subscription.renewed");
                    assertThat(e.statusBefore()).isEqualTo(SubscriptionStatus.ACTIVE);
                    assertThat(e.statusAfter()).isEqualTo(SubscriptionStatus.ACTIVE);
                    assertThat(e.amount()).isEqualTo(STARTER);
                    assertThat(e.periodStart().toString()).isEqualTo(subscription(slugs.get(2)).get("periodStart")
                            .asString());
                });
        long renewed = 0;
        for (SubscriptionRenewed e : events.ofType(SubscriptionRenewed.class)
                .matching(e -> mine.contains(e.tenantSlug()))) {
            renewed++;
        }
        assertThat(renewed).isEqualTo(3);
    }

    @Test
    void aRenewalTheWalletCannotPayStartsTheGracePeriodAndThenReadOnly(Scenario scenario) {
        String slug = activeOnStarter("29.00"); // the first period is paid, the wallet is then empty
        LocalDate end = LocalDate.parse(subscription(slug).get("periodEnd").asString());
        scenario.stimulate(() -> advance(32)).andWaitAtMost(WAIT)
                .andWaitForEventOfType(SubscriptionGraceStarted.class).matching(e -> e.tenantSlug().equals(slug))
                .toArriveAndVerify(e -> {
                    assertThat(e.statusBefore()).isEqualTo(SubscriptionStatus.ACTIVE);
                    assertThat(e.statusAfter()).isEqualTo(SubscriptionStatus.GRACE_PERIOD);
                    assertThat(e.amount()).isEqualTo(STARTER);
                    assertThat(e.invoice()).isEqualTo(subscription(slug).get("openInvoice").asString());
                    assertThat(e.graceEndsAt().toString()).isEqualTo(end.plusDays(7) + "T00:00:00Z");
                });
        scenario.stimulate(() -> advance(8)).andWaitAtMost(WAIT)
                .andWaitForEventOfType(SubscriptionReadOnly.class).matching(e -> e.tenantSlug().equals(slug))
                .toArriveAndVerify(e -> {
                    assertThat(e.statusBefore()).isEqualTo(SubscriptionStatus.GRACE_PERIOD);
                    assertThat(e.statusAfter()).isEqualTo(SubscriptionStatus.READ_ONLY);
                    assertThat(e.amount()).isEqualTo(STARTER); // still owed
                });
        // Paying restores it: the credit pays the open invoice after it commits, and the subscription is back.
        scenario.stimulate(() -> credit(slug, "29.00")).andWaitAtMost(WAIT)
                .andWaitForEventOfType(SubscriptionReactivated.class).matching(e -> e.tenantSlug().equals(slug))
                .toArriveAndVerify(e -> {
                    assertThat(e.statusBefore()).isEqualTo(SubscriptionStatus.READ_ONLY);
                    assertThat(e.statusAfter()).isEqualTo(SubscriptionStatus.ACTIVE);
                    assertThat(e.amount()).isEqualTo(STARTER);
                });
    }

    @Test
    void aTrialThatEndsUnpaidIsSuspended(Scenario scenario) {
        String slug = tenant("starter", null);
        scenario.stimulate(() -> advance(15)).andWaitAtMost(WAIT)
                .andWaitForEventOfType(SubscriptionSuspended.class).matching(e -> e.tenantSlug().equals(slug))
                .toArriveAndVerify(e -> {
                    assertThat(e.statusBefore()).isEqualTo(SubscriptionStatus.TRIAL);
                    assertThat(e.statusAfter()).isEqualTo(SubscriptionStatus.SUSPENDED);
                    assertThat(e.amount()).isEqualTo(STARTER);
                    assertThat(e.invoice()).isNotNull();
                });
    }

    @Test
    void cancellingNowAndAtPeriodEnd(Scenario scenario) {
        String now = tenant("starter", null);
        scenario.stimulate(() -> cancel(now, false)).andWaitAtMost(WAIT)
                .andWaitForEventOfType(SubscriptionCancelled.class).matching(e -> e.tenantSlug().equals(now))
                .toArriveAndVerify(e -> {
                    assertThat(e.statusBefore()).isEqualTo(SubscriptionStatus.TRIAL);
                    assertThat(e.statusAfter()).isEqualTo(SubscriptionStatus.CANCELLED);
                    assertThat(e.atPeriodEnd()).isFalse();
                    assertThat(e.reason()).isEqualTo("Closing the account");
                });
        String later = activeOnStarter("29.00");
        scenario.stimulate(() -> cancel(later, true)).andWaitAtMost(WAIT)
                .andWaitForEventOfType(SubscriptionCancelled.class).matching(e -> e.tenantSlug().equals(later))
                .toArriveAndVerify(e -> {
                    assertThat(e.statusAfter()).isEqualTo(SubscriptionStatus.ACTIVE);
                    assertThat(e.atPeriodEnd()).isTrue();
                });
        // Withdrawn: reactivated, still active.
        scenario.stimulate(() -> assertThat(api.post(path(later) + "/reactivate").status()).isEqualTo(200))
                .andWaitAtMost(WAIT)
                .andWaitForEventOfType(SubscriptionReactivated.class).matching(e -> e.tenantSlug().equals(later))
                .toArriveAndVerify(e -> {
                    assertThat(e.statusBefore()).isEqualTo(SubscriptionStatus.ACTIVE);
                    assertThat(e.statusAfter()).isEqualTo(SubscriptionStatus.ACTIVE);
                    assertThat(e.amount()).isNull();
                });
    }

    @Test
    void aCancellationAtPeriodEndExpiresThere(Scenario scenario) {
        String slug = activeOnStarter("29.00");
        cancel(slug, true);
        String end = subscription(slug).get("periodEnd").asString();
        scenario.stimulate(() -> advance(32)).andWaitAtMost(WAIT)
                .andWaitForEventOfType(SubscriptionExpired.class).matching(e -> e.tenantSlug().equals(slug))
                .toArriveAndVerify(e -> {
                    assertThat(e.statusBefore()).isEqualTo(SubscriptionStatus.ACTIVE);
                    assertThat(e.statusAfter()).isEqualTo(SubscriptionStatus.EXPIRED);
                    assertThat(e.periodEnd().toString()).isEqualTo(end);
                    assertThat(e.amount()).isNull();
                });
    }

    @Test
    void aChangeOfPlanAndCycle(Scenario scenario) {
        // Starter monthly paid today (29.00), then Growth annual the same day: the monthly period ends today, all
        // of it unused (R = D): credit round(29.00 × D / D) = 29.00; a year of Growth 790.00; charged 761.00.
        String slug = activeOnStarter("1000.00");
        String today = subscription(slug).get("periodStart").asString();
        scenario.stimulate(() -> assertThat(api.put(path(slug), Map.of("plan", "growth", "cycle", "annual"))
                .status()).isEqualTo(200))
                .andWaitAtMost(WAIT)
                .andWaitForEventOfType(SubscriptionPlanChanged.class).matching(e -> e.tenantSlug().equals(slug))
                .toArriveAndVerify(e -> {
                    assertThat(e.type()).isEqualTo("subscription.plan_changed");
                    assertThat(e.fromPlan()).isEqualTo("starter");
                    assertThat(e.fromCycle()).isEqualTo(BillingCycle.MONTHLY);
                    assertThat(e.plan()).isEqualTo("growth");
                    assertThat(e.cycle()).isEqualTo(BillingCycle.ANNUAL);
                    assertThat(e.statusBefore()).isEqualTo(SubscriptionStatus.ACTIVE);
                    assertThat(e.statusAfter()).isEqualTo(SubscriptionStatus.ACTIVE);
                    assertThat(e.periodStart().toString()).isEqualTo(today);
                    assertThat(e.periodEnd()).isEqualTo(LocalDate.parse(today).plusYears(1));
                    assertThat(e.amount()).isEqualTo(Money.of("761.00", "USD"));
                    assertThat(e.invoice()).isNotNull();
                });
        assertThat(balance(slug)).isEqualTo("210.00"); // 1000.00 − 29.00 + 29.00 − 790.00
    }

    /** A tenant on a trial of {@code plan}, with {@code credit} in its wallet (none when null). */
    private String tenant(String plan, String credit) {
        String slug = Fixtures.tenantOn(api, plan).get("slug").asString();
        if (credit != null) {
            credit(slug, credit);
        }
        return slug;
    }

    /** A tenant the owner put on Starter monthly today, paid from a wallet credited with {@code credit}. */
    private String activeOnStarter(String credit) {
        String slug = tenant("starter", credit);
        Api.Response r = api.put(path(slug), Map.of("plan", "starter", "cycle", "monthly", "collection", "wallet"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return slug;
    }

    private void credit(String slug, String amount) {
        Api.Response r = api.post("/api/v1/tenants/" + slug + "/wallet/credits", Map.of("amount", amount, "reason",
                "Top-up", "reference", "topup-" + Fixtures.token()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private void cancel(String slug, boolean atPeriodEnd) {
        Api.Response r = api.post(path(slug) + "/cancel", Map.of("atPeriodEnd", atPeriodEnd, "reason",
                "Closing the account"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private void advance(int days) {
        Api.Response r = api.post("/api/v1/sandbox/clock", Map.of("advanceDays", days));
        // More than 31 days is a background job (202): wait until it is done.
        assertThat(r.status()).as(r.body()).isIn(200, 202);
        if (r.status() == 202) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).until(() -> !api
                    .get("/api/v1/sandbox/clock").json().get("advance").get("state").asString().equals("running"));
            assertThat(api.get("/api/v1/sandbox/clock").json().get("advance").get("state").asString())
                    .isEqualTo("completed");
        }
    }

    private static String path(String slug) {
        return "/api/v1/tenants/" + slug + "/subscription";
    }

    private JsonNode subscription(String slug) {
        return api.get(path(slug)).json();
    }

    private JsonNode tenant(String slug) {
        return api.get("/api/v1/tenants/" + slug).json();
    }

    private String balance(String slug) {
        return api.get("/api/v1/tenants/" + slug + "/wallet").json().get("balance").asString();
    }
}
