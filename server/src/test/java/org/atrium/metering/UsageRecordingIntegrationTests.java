package org.atrium.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atrium.audit.AuditEvent;
import org.atrium.audit.AuditLog;
import org.atrium.audit.AuditQuery;
import org.atrium.platform.PageRequest;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

@AtriumIntegrationTest
class UsageRecordingIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Clock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditLog audit;

    Api api;
    Tenancy fixtures;
    String plan;

    @BeforeEach
    void setUp() {
        api = Api.asRoot(port);
        fixtures = new Tenancy(api);
        plan = fixtures.planWith(Map.of("max_shipments", 10L, "api_calls_daily", 1000L, "max_users", 5L),
                Map.of("api_access", true));
    }

    private static Map<String, Object> event(String tenant, String metric, long quantity, String key) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("tenant", tenant);
        e.put("metric", metric);
        e.put("quantity", quantity);
        e.put("idempotencyKey", key);
        return e;
    }

    private long current(String tenant, String metric) {
        JsonNode items = api.get("/api/v1/tenants/" + tenant + "/usage?size=500").json().get("items");
        for (JsonNode item : items) {
            if (item.get("metric").asString().equals(metric)) {
                return item.get("value").asLong();
            }
        }
        throw new AssertionError("no usage of " + metric + " in " + items);
    }

    @Test
    void recordsAnEventOnceAndAnswersARepeatedKeyAsDuplicate() {
        String tenant = fixtures.tenantOn(plan);
        Api.Response first = api.post("/api/v1/usage", event(tenant, "max_shipments", 3, "ship-1"));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.json().get("status").asString()).isEqualTo("recorded");

        Api.Response again = api.post("/api/v1/usage", event(tenant, "max_shipments", 3, "ship-1"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("status").asString()).isEqualTo("duplicate");
        assertThat(current(tenant, "max_shipments")).isEqualTo(3);
    }

    @Test
    void aKeyIsADuplicateForSevenDaysAndCountsAgainAfterwards() {
        String tenant = fixtures.tenantOn(plan);
        assertThat(api.post("/api/v1/usage", event(tenant, "max_shipments", 2, "week-1")).status()).isEqualTo(201);
        age(tenant, "week-1", "6 days 23 hours");
        assertThat(api.post("/api/v1/usage", event(tenant, "max_shipments", 2, "week-1")).json().get("status")
                .asString()).isEqualTo("duplicate");
        age(tenant, "week-1", "2 hours");
        Api.Response afterWindow = api.post("/api/v1/usage", event(tenant, "max_shipments", 2, "week-1"));
        assertThat(afterWindow.status()).isEqualTo(201);
        assertThat(current(tenant, "max_shipments")).isEqualTo(4);
    }

    /** Pretends the key was recorded {@code interval} earlier than it was. */
    private void age(String tenant, String key, String interval) {
        jdbc.sql("""
                update usage_events set recorded_at = recorded_at - cast(:interval as interval)
                where idempotency_key = :key and tenant_id = (select id from tenants where slug = :slug)
                """).param("interval", interval).param("key", key).param("slug", tenant).update();
    }

    @Test
    void batchCountsNewEventsAndSkipsKnownKeys() {
        String tenant = fixtures.tenantOn(plan);
        api.post("/api/v1/usage", event(tenant, "max_shipments", 2, "known"));
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(event(tenant, "max_shipments", 2, "known"));
        for (int i = 0; i < 5; i++) {
            events.add(event(tenant, "max_shipments", 1, "b-" + i));
        }
        Api.Response batch = api.post("/api/v1/usage", Map.of("events", events));
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        assertThat(batch.json().get("accepted").asInt()).isEqualTo(5);
        assertThat(batch.json().get("duplicates").asInt()).isEqualTo(1);
        // 2 from the first event, 5 × 1 from the batch; the repeat of "known" does not count
        assertThat(current(tenant, "max_shipments")).isEqualTo(7);
    }

    @Test
    void aRepeatedKeyWithAnotherContentIsAConflictAndTheBatchRecordsNothing() {
        String tenant = fixtures.tenantOn(plan);
        api.post("/api/v1/usage", event(tenant, "max_shipments", 1, "k-1"));
        Api.Response conflict = api.post("/api/v1/usage", Map.of("events", List.of(
                event(tenant, "max_shipments", 4, "k-2"), event(tenant, "max_shipments", 9, "k-1"))));
        assertThat(conflict.status()).as(conflict.toString()).isEqualTo(409);
        assertThat(conflict.json().get("type").asString()).isEqualTo("/problems/idempotency-conflict");
        assertThat(current(tenant, "max_shipments")).isEqualTo(1);
        // k-2 was rolled back with the batch, so it can be sent again and counts then
        assertThat(api.post("/api/v1/usage", event(tenant, "max_shipments", 4, "k-2")).status()).isEqualTo(201);
        assertThat(current(tenant, "max_shipments")).isEqualTo(5);
    }

    @Test
    void badInputIsAClearProblemAndRecordsNothingFromTheBatch() {
        String tenant = fixtures.tenantOn(plan);
        Map<String, Object> future = event(tenant, "max_shipments", 1, "future");
        future.put("timestamp", clock.instant().plus(Duration.ofDays(2)).toString());
        List<Map<String, Object>> events = List.of(event(tenant, "max_shipments", 1, "fine-1"),
                event(tenant, "max_shipments", -1, "negative"), event("no-such-tenant", "max_shipments", 1, "x"),
                event(tenant, "no_such_metric", 1, "y"), future, event(tenant, "max_shipments", 1, "bad key!"));
        Api.Response refused = api.post("/api/v1/usage", Map.of("events", events));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        JsonNode errors = refused.json().get("errors");
        assertThat(errors.get("events[1].quantity").asString()).contains("negative");
        assertThat(errors.get("events[2].tenant").asString()).contains("unknown tenant");
        assertThat(errors.get("events[3].metric").asString()).contains("unknown metric");
        assertThat(errors.get("events[4].timestamp").asString()).contains("future");
        assertThat(errors.get("events[5].idempotencyKey")).isNotNull();
        assertThat(errors.has("events[0].quantity")).isFalse();
        assertThat(current(tenant, "max_shipments")).isZero();

        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(event(tenant, "max_shipments", 1, "many-" + i));
        }
        Api.Response large = api.post("/api/v1/usage", Map.of("events", tooMany));
        assertThat(large.status()).as(large.toString()).isEqualTo(400);
        assertThat(large.json().get("type").asString()).isEqualTo("/problems/batch-too-large");
        assertThat(current(tenant, "max_shipments")).isZero();

        Map<String, Object> unknownField = event(tenant, "max_shipments", 1, "typo");
        unknownField.put("quantiy", 2);
        assertThat(api.post("/api/v1/usage", unknownField).status()).isEqualTo(400);
    }

    @Test
    void anEventInAClosedPeriodCountsTowardThatPeriodAndIsKeptInHistory() {
        String tenant = fixtures.tenantOn(plan);
        // The tenant was created today, so its periods are anchored on today's date (UTC): 40 days ago lies in an
        // earlier, closed period that starts on the same day of the month as today, one or two months back.
        Instant now = clock.instant();
        LocalDate today = now.atZone(ZoneId.of("UTC")).toLocalDate();
        Instant past = now.minus(Duration.ofDays(40));
        LocalDate pastDay = past.atZone(ZoneId.of("UTC")).toLocalDate();
        LocalDate expectedStart = today;
        while (expectedStart.isAfter(pastDay)) {
            expectedStart = expectedStart.minusMonths(1);
        }
        Map<String, Object> late = event(tenant, "max_shipments", 4, "late-1");
        late.put("timestamp", past.toString());
        assertThat(api.post("/api/v1/usage", late).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/usage", event(tenant, "max_shipments", 1, "now-1")).status()).isEqualTo(201);

        assertThat(current(tenant, "max_shipments")).isEqualTo(1);
        JsonNode periods = api.get("/api/v1/tenants/" + tenant + "/usage/max_shipments/periods").json().get("items");
        assertThat(periods).hasSize(2);
        assertThat(periods.get(0).get("start").asString()).isEqualTo(today.toString());
        assertThat(periods.get(0).get("closed").asBoolean()).isFalse();
        assertThat(periods.get(1).get("start").asString()).isEqualTo(expectedStart.toString());
        assertThat(periods.get(1).get("value").asLong()).isEqualTo(4);
        assertThat(periods.get(1).get("closed").asBoolean()).isTrue();
    }

    @Test
    void dailyCountersFollowTheTenantsLocalDay() {
        // Kiritimati is UTC+14: what is one UTC day is two local days there.
        String tenant = fixtures.tenantOn(plan, "Pacific/Kiritimati");
        ZoneId zone = ZoneId.of("Pacific/Kiritimati");
        Instant localMidnight = clock.instant().atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
        Map<String, Object> beforeMidnight = event(tenant, "api_calls_daily", 5, "d-1");
        beforeMidnight.put("timestamp", localMidnight.minusSeconds(60).toString());
        Map<String, Object> afterMidnight = event(tenant, "api_calls_daily", 2, "d-2");
        afterMidnight.put("timestamp", localMidnight.plusSeconds(60).toString());
        api.post("/api/v1/usage", Map.of("events", List.of(beforeMidnight, afterMidnight)));

        assertThat(current(tenant, "api_calls_daily")).isEqualTo(2);
        JsonNode days = api.get("/api/v1/tenants/" + tenant + "/usage/api_calls_daily/periods").json().get("items");
        LocalDate localToday = localMidnight.atZone(zone).toLocalDate();
        assertThat(days.get(0).get("start").asString()).isEqualTo(localToday.toString());
        assertThat(days.get(0).get("end").asString()).isEqualTo(localToday.plusDays(1).toString());
        assertThat(days.get(1).get("start").asString()).isEqualTo(localToday.minusDays(1).toString());
        assertThat(days.get(1).get("value").asLong()).isEqualTo(5);
    }

    @Test
    void levelsTakeAbsoluteValuesAndChangesAndIgnoreOlderAbsoluteValues() {
        String tenant = fixtures.tenantOn(plan);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> three = Map.of("tenant", tenant, "metric", "max_users", "value", 3, "idempotencyKey", "u-1",
                "timestamp", now.minusSeconds(10).toString());
        Map<String, Object> down = Map.of("tenant", tenant, "metric", "max_users", "quantity", -1, "idempotencyKey",
                "u-2", "timestamp", now.minusSeconds(5).toString());
        Map<String, Object> stale = Map.of("tenant", tenant, "metric", "max_users", "value", 4, "idempotencyKey", "u-3",
                "timestamp", now.minusSeconds(60).toString());
        assertThat(api.post("/api/v1/usage", Map.of("events", List.of(three, down))).status()).isEqualTo(200);
        assertThat(current(tenant, "max_users")).isEqualTo(2);
        assertThat(api.post("/api/v1/usage", stale).status()).isEqualTo(201);
        assertThat(current(tenant, "max_users")).isEqualTo(2);

        Map<String, Object> belowZero = Map.of("tenant", tenant, "metric", "max_users", "quantity", -5,
                "idempotencyKey", "u-4");
        Api.Response refused = api.post("/api/v1/usage", belowZero);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(current(tenant, "max_users")).isEqualTo(2);
    }

    @Test
    void crossingEightyAndOneHundredPercentIsAnnouncedOncePerThresholdPerPeriod() {
        String tenant = fixtures.tenantOn(plan);
        // limit 10: 80 % is reached at 8 and 100 % at 10
        api.post("/api/v1/usage", event(tenant, "max_shipments", 7, "a-1"));
        assertThat(alerts(tenant)).isEmpty();
        api.post("/api/v1/usage", event(tenant, "max_shipments", 1, "a-2"));
        assertThat(alerts(tenant)).containsExactly(80);
        api.post("/api/v1/usage", event(tenant, "max_shipments", 1, "a-3"));
        assertThat(alerts(tenant)).containsExactly(80);
        api.post("/api/v1/usage", event(tenant, "max_shipments", 3, "a-4"));
        api.post("/api/v1/usage", event(tenant, "max_shipments", 3, "a-5"));
        assertThat(alerts(tenant)).containsExactly(80, 100);

        String id = jdbc.sql("select id::text from tenants where slug = :s").param("s", tenant).query(String.class)
                .single();
        List<AuditEvent> audited = audit.find(new AuditQuery(java.util.UUID.fromString(id),
                "usage.threshold_crossed", null, null, null),
                PageRequest.of(0, 50, "occurredAt", Map.of("occurredAt", "occurred_at"), "occurredAt")).items();
        assertThat(audited).hasSize(2);
        JsonNode first = Api.JSON.readTree(audited.get(0).after());
        JsonNode second = Api.JSON.readTree(audited.get(1).after());
        assertThat(first.get("threshold").asInt()).isEqualTo(80);
        assertThat(first.get("limit").asLong()).isEqualTo(10);
        assertThat(second.get("threshold").asInt()).isEqualTo(100);
        assertThat(second.get("current").asLong()).isEqualTo(12);

        // One notification per threshold, telling the figures.
        List<String> told = jdbc.sql("""
                select n.subject from notification_outbox n join tenants t on t.id = n.tenant_id
                where t.slug = :s and n.type = 'usage.threshold_reached' order by n.created_at
                """).param("s", tenant).query(String.class).list();
        assertThat(told).hasSize(2);
        assertThat(told.get(0)).contains("80%").contains("max_shipments");
        assertThat(told.get(1)).contains("100%");
    }

    private List<Integer> alerts(String tenant) {
        return jdbc.sql("""
                select a.threshold from usage_alerts a join tenants t on t.id = a.tenant_id
                where t.slug = :s and a.metric = 'max_shipments' order by a.threshold
                """).param("s", tenant).query(Integer.class).list();
    }
}
