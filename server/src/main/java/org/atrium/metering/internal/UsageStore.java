package org.atrium.metering.internal;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import org.atrium.metering.BillingPeriod;
import org.atrium.metering.PeriodUsage;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of metering. Batches travel as arrays ({@code unnest}), so that a thousand events are one statement for
 * the events and one for the counters, whatever the batch holds.
 */
@Repository
class UsageStore {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    UsageStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** A validated event ready to store; {@code periodStart} is the period (day or cycle) it counts toward. */
    record Row(TenantId tenant, String key, String metric, @Nullable Long quantity, @Nullable Long value,
            Instant occurredAt, LocalDate periodStart) {
    }

    record StoredEvent(TenantId tenant, String key, String metric, @Nullable Long quantity, @Nullable Long value,
            Instant occurredAt, Instant recordedAt) {
    }

    record CounterDelta(TenantId tenant, String metric, LocalDate periodStart, LocalDate periodEnd, long delta) {
    }

    record CounterValue(TenantId tenant, String metric, LocalDate periodStart, long value) {
    }

    /** Inserts the events whose keys are new; returns the keys that were inserted, as {@code tenant|key}. */
    List<String> insertNew(List<Row> rows, Instant now) {
        int n = rows.size();
        UUID[] tenants = new UUID[n];
        String[] keys = new String[n];
        String[] metrics = new String[n];
        Long[] quantities = new Long[n];
        Long[] values = new Long[n];
        String[] occurred = new String[n];
        String[] periods = new String[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            tenants[i] = r.tenant().value();
            keys[i] = r.key();
            metrics[i] = r.metric();
            quantities[i] = r.quantity();
            values[i] = r.value();
            occurred[i] = r.occurredAt().toString();
            periods[i] = r.periodStart().toString();
        }
        return template.query(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    insert into usage_events (tenant_id, idempotency_key, metric, quantity, level_value, occurred_at,
                                              recorded_at, period_start)
                    select t, k, m, q, v, cast(o as timestamptz), ?, cast(p as date)
                    from unnest(?, ?, ?, ?, ?, ?, ?) as x(t, k, m, q, v, o, p)
                    on conflict (tenant_id, idempotency_key) do nothing
                    returning tenant_id, idempotency_key
                    """);
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setArray(2, con.createArrayOf("uuid", tenants));
            ps.setArray(3, con.createArrayOf("text", keys));
            ps.setArray(4, con.createArrayOf("text", metrics));
            ps.setArray(5, con.createArrayOf("bigint", quantities));
            ps.setArray(6, con.createArrayOf("bigint", values));
            ps.setArray(7, con.createArrayOf("text", occurred));
            ps.setArray(8, con.createArrayOf("text", periods));
            return ps;
        }, (rs, i) -> rs.getObject(1, UUID.class) + "|" + rs.getString(2));
    }

    List<StoredEvent> find(List<TenantId> tenants, List<String> keys) {
        UUID[] t = tenants.stream().map(TenantId::value).toArray(UUID[]::new);
        String[] k = keys.toArray(String[]::new);
        return template.query(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    select e.tenant_id, e.idempotency_key, e.metric, e.quantity, e.level_value, e.occurred_at,
                           e.recorded_at
                    from usage_events e
                    join unnest(?, ?) as x(t, k) on e.tenant_id = x.t and e.idempotency_key = x.k
                    """);
            ps.setArray(1, con.createArrayOf("uuid", t));
            ps.setArray(2, con.createArrayOf("text", k));
            return ps;
        }, (rs, i) -> new StoredEvent(TenantId.of(rs.getObject(1, UUID.class)), rs.getString(2), rs.getString(3),
                (Long) rs.getObject(4), (Long) rs.getObject(5), rs.getTimestamp(6).toInstant(),
                rs.getTimestamp(7).toInstant()));
    }

    /** Forgets an event whose key is older than the retention window, so that the key can be used again. */
    void deleteEvent(TenantId tenant, String key) {
        jdbc.sql("delete from usage_events where tenant_id = :t and idempotency_key = :k").param("t", tenant.value())
                .param("k", key).update();
    }

    /** Adds deltas to counters (creating them), in key order so that concurrent batches cannot deadlock. */
    List<CounterValue> addToCounters(List<CounterDelta> deltas, Instant now) {
        int n = deltas.size();
        UUID[] tenants = new UUID[n];
        String[] metrics = new String[n];
        String[] starts = new String[n];
        String[] ends = new String[n];
        Long[] amounts = new Long[n];
        for (int i = 0; i < n; i++) {
            CounterDelta d = deltas.get(i);
            tenants[i] = d.tenant().value();
            metrics[i] = d.metric();
            starts[i] = d.periodStart().toString();
            ends[i] = d.periodEnd().toString();
            amounts[i] = d.delta();
        }
        return template.query(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    insert into usage_counters as c (tenant_id, metric, period_start, period_end, value, updated_at)
                    select t, m, cast(ps as date), cast(pe as date), v, ?
                    from unnest(?, ?, ?, ?, ?) with ordinality as x(t, m, ps, pe, v, ord)
                    order by ord
                    on conflict (tenant_id, metric, period_start)
                    do update set value = case when c.value > 9223372036854775807 - excluded.value
                                               then 9223372036854775807 else c.value + excluded.value end,
                                  updated_at = excluded.updated_at
                    returning tenant_id, metric, period_start, value
                    """);
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setArray(2, con.createArrayOf("uuid", tenants));
            ps.setArray(3, con.createArrayOf("text", metrics));
            ps.setArray(4, con.createArrayOf("text", starts));
            ps.setArray(5, con.createArrayOf("text", ends));
            ps.setArray(6, con.createArrayOf("bigint", amounts));
            return ps;
        }, (rs, i) -> new CounterValue(TenantId.of(rs.getObject(1, UUID.class)), rs.getString(2),
                rs.getObject(3, LocalDate.class), rs.getLong(4)));
    }

    /**
     * Adds {@code quantity} to the counter of a period if the result stays within {@code limit} ({@code -1}: no
     * limit): one statement, under the row lock the upsert takes. Empty when refused.
     */
    OptionalLong consumeCounter(TenantId tenant, String metric, BillingPeriod period, long quantity, long limit,
            Instant now) {
        Optional<Long> value = jdbc.sql("""
                insert into usage_counters as c (tenant_id, metric, period_start, period_end, value, updated_at)
                values (:t, :m, :start, :end, :q, :now)
                on conflict (tenant_id, metric, period_start)
                do update set value = c.value + excluded.value, updated_at = excluded.updated_at
                where c.value <= (case when cast(:limit as bigint) < 0 then 9223372036854775807
                                       else cast(:limit as bigint) end) - excluded.value
                returning value
                """).param("t", tenant.value()).param("m", metric).param("start", period.start())
                .param("end", period.end()).param("q", quantity).param("now", Timestamp.from(now))
                .param("limit", limit).query(Long.class).optional();
        return value.map(OptionalLong::of).orElseGet(OptionalLong::empty);
    }

    /** The same for a level: raises it by {@code quantity} unless that would pass {@code limit}. */
    OptionalLong consumeLevel(TenantId tenant, String metric, long quantity, long limit, Instant now) {
        Optional<Long> value = jdbc.sql("""
                insert into usage_levels as l (tenant_id, metric, value, observed_at, updated_at)
                values (:t, :m, :q, :now, :now)
                on conflict (tenant_id, metric)
                do update set value = l.value + excluded.value, observed_at = greatest(l.observed_at, excluded.observed_at),
                              updated_at = excluded.updated_at
                where l.value <= (case when cast(:limit as bigint) < 0 then 9223372036854775807
                                       else cast(:limit as bigint) end) - excluded.value
                returning value
                """).param("t", tenant.value()).param("m", metric).param("q", quantity)
                .param("now", Timestamp.from(now)).param("limit", limit).query(Long.class).optional();
        return value.map(OptionalLong::of).orElseGet(OptionalLong::empty);
    }

    long counter(TenantId tenant, String metric, LocalDate periodStart) {
        return jdbc.sql("select value from usage_counters where tenant_id = :t and metric = :m and period_start = :p")
                .param("t", tenant.value()).param("m", metric).param("p", periodStart).query(Long.class).optional()
                .orElse(0L);
    }

    record Level(long value, Instant observedAt) {
    }

    Optional<Level> lockLevel(TenantId tenant, String metric) {
        return jdbc.sql("select value, observed_at from usage_levels where tenant_id = :t and metric = :m for update")
                .param("t", tenant.value()).param("m", metric)
                .query((rs, i) -> new Level(rs.getLong(1), rs.getTimestamp(2).toInstant())).optional();
    }

    long level(TenantId tenant, String metric) {
        return jdbc.sql("select value from usage_levels where tenant_id = :t and metric = :m")
                .param("t", tenant.value()).param("m", metric).query(Long.class).optional().orElse(0L);
    }

    void setLevel(TenantId tenant, String metric, long value, Instant observedAt, Instant now) {
        jdbc.sql("""
                insert into usage_levels as l (tenant_id, metric, value, observed_at, updated_at)
                values (:t, :m, :v, :observed, :now)
                on conflict (tenant_id, metric)
                do update set value = excluded.value, observed_at = excluded.observed_at, updated_at = excluded.updated_at
                """).param("t", tenant.value()).param("m", metric).param("v", value)
                .param("observed", Timestamp.from(observedAt)).param("now", Timestamp.from(now)).update();
    }

    /** Records that a threshold was announced; false when it already had been in this period. */
    boolean markAlert(TenantId tenant, String metric, LocalDate periodStart, int threshold, long value, long limit,
            Instant now) {
        return jdbc.sql("""
                insert into usage_alerts (tenant_id, metric, period_start, threshold, value, limit_value, crossed_at)
                values (:t, :m, :p, :threshold, :v, :limit, :now)
                on conflict do nothing
                """).param("t", tenant.value()).param("m", metric).param("p", periodStart)
                .param("threshold", threshold).param("v", value).param("limit", limit)
                .param("now", Timestamp.from(now)).update() == 1;
    }

    List<PeriodUsage> history(TenantId tenant, String metric, LocalDate today) {
        return jdbc.sql("""
                select period_start, period_end, value from usage_counters
                where tenant_id = :t and metric = :m order by period_start desc
                """).param("t", tenant.value()).param("m", metric)
                .query((rs, i) -> {
                    LocalDate end = rs.getObject(2, LocalDate.class);
                    return new PeriodUsage(metric, rs.getObject(1, LocalDate.class), end, rs.getLong(3),
                            !end.isAfter(today));
                }).list();
    }

    int purgeEventsRecordedBefore(Instant cutoff) {
        return jdbc.sql("delete from usage_events where recorded_at < :cutoff").param("cutoff", Timestamp.from(cutoff))
                .update();
    }
}
