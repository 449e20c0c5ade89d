package org.atrium.subscriptions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import org.atrium.platform.AdjustableClock;
import org.atrium.platform.TenantId;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * The sandbox clock kept in the database, its bounds, long advances as background jobs with progress and
 * cancellation, and tenants on test clocks of their own. A context of its own (its own database and clock), with
 * advances of more than 20 days in the background and no clock more than 2,000 days ahead of real time.
 */
@AtriumIntegrationTest
@TestPropertySource(properties = { "atrium.test.context=sandbox-clock", "atrium.sandbox-clock.sync-days=20",
        "atrium.sandbox-clock.max-ahead=2000d" })
class SandboxClockIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    AdjustableClock clock;

    @Autowired
    SandboxClocks store;

    @Autowired
    JdbcClient jdbc;

    Api api;

    @BeforeEach
    void setUp() {
        api = Api.asRoot(port);
    }

    @Test
    void theOffsetIsStoredAndANewInstanceStartsFromIt() {
        Api.Response moved = api.post("/api/v1/sandbox/clock", Map.of("advanceDays", 2));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(moved.json().get("daysRun").asInt()).isEqualTo(2);

        long stored = jdbc.sql("select offset_nanos from sandbox_clock").query(Long.class).single();
        assertThat(Duration.ofNanos(stored)).isEqualTo(clock.offset());
        assertThat(clock.offset()).isGreaterThanOrEqualTo(Duration.ofDays(2));

        // What a restarted node (or a second one) does on start: a clock at real time takes the stored offset.
        AdjustableClock restarted = new AdjustableClock(Clock.systemUTC());
        new TenantClocks(restarted, store, true).refresh();
        assertThat(restarted.offset()).isEqualTo(clock.offset());
        // Outside sandbox mode the stored offset is ignored: real time.
        AdjustableClock production = new AdjustableClock(Clock.systemUTC());
        new TenantClocks(production, store, false).refresh();
        assertThat(production.offset()).isEqualTo(Duration.ZERO);
    }

    @Test
    void toIsBoundedLikeAdvanceDaysAndByHowFarAheadOfRealTimeAClockMayBe() {
        Instant now = Instant.parse(api.get("/api/v1/sandbox/clock").json().get("now").asString());
        Duration before = clock.offset();

        Fixtures.invalid(api.post("/api/v1/sandbox/clock", Map.of("to", now.plus(Duration.ofDays(20_000)).toString())),
                "to");
        Fixtures.invalid(api.post("/api/v1/sandbox/clock", Map.of("to", now.plus(Duration.ofDays(3661)).toString())),
                "to");
        Fixtures.invalid(api.post("/api/v1/sandbox/clock", Map.of("advanceDays", 3661)), "advanceDays");
        // Within one advance's 3,660 days, but past 2,000 days ahead of real time.
        Fixtures.invalid(api.post("/api/v1/sandbox/clock", Map.of("advanceDays", 2500)), "advanceDays");
        Fixtures.invalid(api.post("/api/v1/sandbox/clock", Map.of("to", now.minusSeconds(60).toString())), "to");
        assertThat(clock.offset()).isEqualTo(before);

        String slug = Fixtures.tenantOn(api, "starter").get("slug").asString();
        Fixtures.invalid(api.post("/api/v1/tenants/" + slug + "/test-clock", Map.of("advanceDays", 2500)),
                "advanceDays");

        String reader = Fixtures.apiKey(api, "tenants.read");
        assertThat(api.withBearer(reader).post("/api/v1/sandbox/clock", Map.of("advanceDays", 1)).status())
                .isEqualTo(403);
        assertThat(api.withBearer(reader).post("/api/v1/tenants/" + slug + "/test-clock", Map.of("advanceDays", 1))
                .status()).isEqualTo(403);
        assertThat(clock.offset()).isEqualTo(before);
    }

    @Test
    void aLongAdvanceRunsInTheBackgroundADayAtATimeWithItsProgress() {
        Instant start = Instant.parse(api.get("/api/v1/sandbox/clock").json().get("now").asString());
        Api.Response started = api.post("/api/v1/sandbox/clock", Map.of("advanceDays", 40));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode job = started.json();
        assertThat(job.get("state").asString()).isEqualTo("running");
        assertThat(job.get("daysTotal").asInt()).isEqualTo(40);
        Instant target = Instant.parse(job.get("target").asString());
        assertThat(Duration.between(start, target)).isBetween(Duration.ofDays(40), Duration.ofDays(40).plusMinutes(1));

        JsonNode done = waitUntilFinished("/api/v1/sandbox/clock");
        assertThat(done.get("advance").get("id").asString()).isEqualTo(job.get("id").asString());
        assertThat(done.get("advance").get("state").asString()).isEqualTo("completed");
        assertThat(done.get("advance").get("daysDone").asInt()).isEqualTo(40);
        assertThat(Instant.parse(done.get("now").asString())).isAfterOrEqualTo(target);
        assertThat(jdbc.sql("select count(*) from audit_events where event_type = 'sandbox.clock_advanced'")
                .query(Long.class).single()).isPositive();
    }

    @Test
    void aRunningAdvanceCanBeCancelledAndBlocksAnotherOne() {
        Instant start = Instant.parse(api.get("/api/v1/sandbox/clock").json().get("now").asString());
        // As long as this context allows (max-ahead 2000 days), so that the job is still running when the cancel
        // arrives: a day with nothing due takes well under a millisecond.
        Api.Response started = api.post("/api/v1/sandbox/clock", Map.of("advanceDays", 1900));
        assertThat(started.status()).as(started.body()).isEqualTo(202);

        Fixtures.problem(api.post("/api/v1/sandbox/clock", Map.of("advanceDays", 1)), 409, "clock-advance-running");
        Api.Response cancel = api.delete("/api/v1/sandbox/clock/advance");
        if (cancel.status() == 404) {
            // The job finished between the two requests: nothing was left to cancel, which is right, but this run
            // could not see a cancellation. A 404 means the request found nothing running, so it cannot have
            // cancelled anything either: the advance completed.
            assertThat(waitUntilFinished("/api/v1/sandbox/clock").get("advance").get("state").asString())
                    .isEqualTo("completed");
            org.junit.jupiter.api.Assumptions.abort("the advance completed before it could be cancelled");
        }
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);

        JsonNode done = waitUntilFinished("/api/v1/sandbox/clock");
        JsonNode advance = done.get("advance");
        assertThat(advance.get("state").asString()).isEqualTo("cancelled");
        int days = advance.get("daysDone").asInt();
        assertThat(days).isLessThan(1900);
        // The clock stays where the job got to: the start plus the days done (and the seconds the test took).
        Instant now = Instant.parse(done.get("now").asString());
        assertThat(now).isBetween(start.plus(Duration.ofDays(days)),
                start.plus(Duration.ofDays(days)).plus(Duration.ofMinutes(2)));
        assertThat(api.delete("/api/v1/sandbox/clock/advance").status()).isEqualTo(404);
    }

    @Test
    void anAdvanceWhoseNodeIsGoneIsReportedInterrupted() {
        // As a node that died mid-advance leaves it: running, with nobody holding its lock.
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into sandbox_clock_advances (id, state, started_from, target, days_total, days_done)
                values (:id, 'running', now(), now() + interval '90 days', 90, 17)
                """).param("id", id).update();

        JsonNode advance = api.get("/api/v1/sandbox/clock").json().get("advance");
        assertThat(advance.get("id").asString()).isEqualTo(id.toString());
        assertThat(advance.get("state").asString()).isEqualTo("interrupted");
        assertThat(advance.get("daysDone").asInt()).isEqualTo(17);
        assertThat(advance.get("error").asString()).contains("17 of 90 days");
        // The clock is free again.
        assertThat(api.post("/api/v1/sandbox/clock", Map.of("advanceDays", 1)).status()).isEqualTo(200);
    }

    @Test
    void aTenantsTestClockAdvancesThatTenantAloneAndNeverGoesBack() {
        Instant platformStart = Instant.parse(api.get("/api/v1/sandbox/clock").json().get("now").asString());
        String ahead = Fixtures.tenantOn(api, "starter").get("slug").asString();
        String stays = Fixtures.tenantOn(api, "starter").get("slug").asString();
        String trialEnd = subscription(ahead).get("periodEnd").asString();
        // The 14-day trial of the default settings, from the platform's date.
        assertThat(trialEnd).isEqualTo(LocalDate.ofInstant(platformStart, ZoneOffset.UTC).plusDays(14).toString());
        for (String slug : new String[] { ahead, stays }) {
            assertThat(api.post("/api/v1/tenants/" + slug + "/wallet/credits", Map.of("amount", "100.00", "reason",
                    "Top-up", "reference", "topup-" + slug)).status()).isEqualTo(201);
        }

        Api.Response moved = api.post("/api/v1/tenants/" + ahead + "/test-clock", Map.of("advanceDays", 15));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(moved.json().get("daysRun").asInt()).isEqualTo(15);

        // The tenant on its own clock: trial converted on its 14th day, Starter 29.00 paid from 100.00 → 71.00,
        // and the invoice dated on the tenant's day, not the platform's.
        JsonNode sub = subscription(ahead);
        assertThat(sub.get("status").asString()).isEqualTo("active");
        assertThat(sub.get("periodStart").asString()).isEqualTo(trialEnd);
        assertThat(balance(ahead)).isEqualTo("71.00");
        JsonNode invoice = subscriptionInvoice(ahead);
        assertThat(invoice.get("issueDate").asString()).isEqualTo(trialEnd);
        JsonNode own = api.get("/api/v1/tenants/" + ahead + "/test-clock").json();
        assertThat(own.get("ownClock").asBoolean()).isTrue();
        assertThat(Instant.parse(own.get("now").asString())).isAfterOrEqualTo(platformStart.plus(Duration.ofDays(15)));

        // The other tenant and the platform did not move.
        assertThat(subscription(stays).get("status").asString()).isEqualTo("trial");
        assertThat(balance(stays)).isEqualTo("100.00");
        Instant platformNow = Instant.parse(api.get("/api/v1/sandbox/clock").json().get("now").asString());
        assertThat(platformNow).isBefore(platformStart.plus(Duration.ofMinutes(2)));
        assertThat(api.get("/api/v1/tenants/" + stays + "/test-clock").json().get("ownClock").asBoolean()).isFalse();

        // Never back: a target before the tenant's time is refused.
        Fixtures.invalid(api.post("/api/v1/tenants/" + ahead + "/test-clock",
                Map.of("to", platformStart.plus(Duration.ofDays(3)).toString())), "to");

        // A day of the platform: the other tenant moves one day (still in trial), the tenant ahead is not charged
        // again and its clock does not go back to the platform's.
        assertThat(api.post("/api/v1/sandbox/clock", Map.of("advanceDays", 1)).status()).isEqualTo(200);
        assertThat(subscription(stays).get("status").asString()).isEqualTo("trial");
        assertThat(balance(ahead)).isEqualTo("71.00");
        Instant stillAhead = Instant.parse(api.get("/api/v1/tenants/" + ahead + "/test-clock").json().get("now")
                .asString());
        assertThat(stillAhead).isAfterOrEqualTo(platformStart.plus(Duration.ofDays(15)));

        // A tenant's clock is kept like the platform's.
        TenantId aheadId = new TenantId(UUID.fromString(jdbc.sql("select id::text from tenants where slug = :slug")
                .param("slug", ahead).query(String.class).single()));
        AdjustableClock restarted = new AdjustableClock(Clock.systemUTC());
        TenantClocks fresh = new TenantClocks(restarted, store, true);
        fresh.refresh();
        assertThat(fresh.now(aheadId)).isAfterOrEqualTo(platformStart.plus(Duration.ofDays(15)));
    }

    private JsonNode waitUntilFinished(String path) {
        for (int i = 0; i < 1200; i++) {
            JsonNode clock = api.get(path).json();
            if (!clock.get("advance").get("state").asString().equals("running")) {
                return clock;
            }
            sleep();
        }
        throw new AssertionError("The advance was still running after two minutes");
    }

    private JsonNode subscription(String slug) {
        return api.get("/api/v1/tenants/" + slug + "/subscription").json();
    }

    private String balance(String slug) {
        return api.get("/api/v1/tenants/" + slug + "/wallet").json().get("balance").asString();
    }

    private JsonNode subscriptionInvoice(String slug) {
        for (JsonNode invoice : api.get("/api/v1/tenants/" + slug + "/invoices").json().get("items")) {
            if (invoice.get("type").asString().equals("subscription")) {
                return invoice;
            }
        }
        throw new AssertionError("No subscription invoice for " + slug);
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
