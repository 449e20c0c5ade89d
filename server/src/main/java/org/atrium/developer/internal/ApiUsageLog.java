package org.atrium.developer.internal;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.atrium.developer.ApiUsage;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.platform.database.SqlArray;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The API usage log. A request hands its call to {@link #record} (an {@code offer} to a bounded queue: no lock held
 * for longer than the enqueue, no I/O); one writer thread takes up to {@value #BATCH} calls at a time and writes them
 * with one statement, adding them to the daily roll-ups in the same transaction. When the queue is full the call is
 * dropped and counted ({@code atrium.api_usage.dropped}), so a slow database never slows the API down.
 */
@Service
class ApiUsageLog implements ApiUsage, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ApiUsageLog.class);
    static final int BATCH = 1000;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Roll-ups are a few rows per key and day: kept for a year and a month, whatever the calls' retention. */
    static final Duration ROLLUP_RETENTION = Duration.ofDays(400);
    private static final int PRUNE_CHUNK = 10_000;
    private static final int MAX_DAYS = 400;

    /** A call as the request leaves it, before it is written. */
    record Pending(TenantId tenant, UUID keyId, Instant at, String method, @Nullable String route, int status,
            long durationMicros, String address) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Tenants tenants;
    private final TransactionTemplate transactions;
    private final Duration retention;
    private final BlockingQueue<Pending> queue;
    private final Counter dropped;
    private final Counter failed;
    private final ReentrantLock writing = new ReentrantLock();
    private final Thread writer;
    private volatile boolean recording = true;
    private volatile boolean running = true;

    @Autowired
    ApiUsageLog(JdbcClient jdbc, Clock clock, Tenants tenants, TransactionTemplate transactions,
            MeterRegistry meters, @Value("${atrium.api-usage.retention:30d}") Duration retention,
            @Value("${atrium.api-usage.buffer-size:50000}") int bufferSize) {
        this(jdbc, clock, tenants, transactions, meters, retention, bufferSize, true);
    }

    /** @param startWriter false leaves the buffer to {@link #flush} alone (for tests of the buffer) */
    ApiUsageLog(JdbcClient jdbc, Clock clock, Tenants tenants, TransactionTemplate transactions,
            MeterRegistry meters, Duration retention, int bufferSize, boolean startWriter) {
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("atrium.api-usage.retention must be at least one day");
        }
        if (bufferSize < 1) {
            throw new IllegalArgumentException("atrium.api-usage.buffer-size must be at least 1");
        }
        this.jdbc = jdbc;
        this.clock = clock;
        this.tenants = tenants;
        this.transactions = transactions;
        this.retention = retention;
        this.queue = new ArrayBlockingQueue<>(bufferSize);
        this.dropped = Counter.builder("atrium.api_usage.dropped")
                .description("Calls of tenant API keys not logged because the buffer was full").register(meters);
        this.failed = Counter.builder("atrium.api_usage.failed")
                .description("Calls of tenant API keys not logged because their batch could not be written")
                .register(meters);
        Gauge.builder("atrium.api_usage.buffered", queue, BlockingQueue::size)
                .description("Calls of tenant API keys waiting to be written").register(meters);
        this.writer = new Thread(this::writeContinuously, "atrium-api-usage-writer");
        writer.setDaemon(true);
        if (startWriter) {
            writer.start();
        }
    }

    /** Called on the request thread: never blocks, never fails the request. */
    void record(Pending call) {
        if (recording && !queue.offer(call)) {
            dropped.increment();
        }
    }

    boolean recording() {
        return recording;
    }

    @Override
    public void setRecording(boolean on) {
        recording = on;
    }

    @Override
    public long dropped() {
        return (long) dropped.count();
    }

    private void writeContinuously() {
        while (running) {
            int written = writeBatch();
            if (written < BATCH) {
                java.util.concurrent.locks.LockSupport.parkNanos(IDLE_NANOS);
            }
        }
    }

    /** Takes one batch from the queue and writes it; answers how many calls it took. */
    private int writeBatch() {
        List<Pending> batch = new ArrayList<>(Math.min(BATCH, Math.max(1, queue.size())));
        writing.lock();
        try {
            queue.drainTo(batch, BATCH);
            if (!batch.isEmpty()) {
                write(batch);
            }
        } catch (RuntimeException e) {
            failed.increment(batch.size());
            log.error("Could not write {} API usage record(s)", batch.size(), e);
        } finally {
            writing.unlock();
        }
        return batch.size();
    }

    @Override
    public void flush() {
        while (writeBatch() > 0) {
            // until the queue is empty
        }
    }

    @Override
    public void destroy() {
        running = false;
        writer.interrupt();
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("API usage records still buffered at shutdown were not written", e);
        }
    }

    private record DayKey(TenantId tenant, UUID keyId, LocalDate day, int status) {
    }

    private void write(List<Pending> batch) {
        Map<DayKey, long[]> days = new LinkedHashMap<>();
        for (Pending call : batch) {
            long[] sum = days.computeIfAbsent(new DayKey(call.tenant(), call.keyId(),
                    call.at().atOffset(ZoneOffset.UTC).toLocalDate(), call.status()), k -> new long[2]);
            sum[0]++;
            sum[1] += call.durationMicros();
        }
        List<Map.Entry<DayKey, long[]>> rollups = new ArrayList<>(days.entrySet());
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("""
                    insert into api_usage (tenant_id, key_id, at, method, route, status, duration_us, address)
                    select * from unnest(:tenants, :keys, :ats, :methods, :routes, :statuses, :durations, :addresses)
                    """).param("tenants", SqlArray.of("uuid", batch, c -> c.tenant().value()))
                    .param("keys", SqlArray.of("uuid", batch, Pending::keyId))
                    .param("ats", SqlArray.of("timestamptz", batch, c -> Timestamp.from(c.at())))
                    .param("methods", SqlArray.of("text", batch, Pending::method))
                    .param("routes", SqlArray.of("text", batch, Pending::route))
                    .param("statuses", SqlArray.of("int4", batch, Pending::status))
                    .param("durations", SqlArray.of("int8", batch, Pending::durationMicros))
                    .param("addresses", SqlArray.of("text", batch, Pending::address)).update();
            jdbc.sql("""
                    insert into api_usage_daily (tenant_id, key_id, day, status, calls, total_duration_us)
                    select * from unnest(:tenants, :keys, :days, :statuses, :calls, :durations)
                    on conflict (tenant_id, key_id, day, status) do update
                    set calls = api_usage_daily.calls + excluded.calls,
                        total_duration_us = api_usage_daily.total_duration_us + excluded.total_duration_us
                    """).param("tenants", SqlArray.of("uuid", rollups, e -> e.getKey().tenant().value()))
                    .param("keys", SqlArray.of("uuid", rollups, e -> e.getKey().keyId()))
                    .param("days", SqlArray.of("date", rollups, e -> Date.valueOf(e.getKey().day())))
                    .param("statuses", SqlArray.of("int4", rollups, e -> e.getKey().status()))
                    .param("calls", SqlArray.of("int8", rollups, e -> e.getValue()[0]))
                    .param("durations", SqlArray.of("int8", rollups, e -> e.getValue()[1])).update();
        });
    }

    @Override
    public PageResponse<Call> calls(String slug, Filter filter, PageRequest paging) {
        TenantId tenant = tenants.requireBySlug(slug).id();
        StringBuilder where = new StringBuilder("where tenant_id = :tenant");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("tenant", tenant.value());
        if (filter.keyId() != null) {
            where.append(" and key_id = :key");
            params.put("key", filter.keyId());
        }
        if (filter.method() != null) {
            where.append(" and method = :method");
            params.put("method", filter.method());
        }
        if (filter.route() != null) {
            where.append(" and route = :route");
            params.put("route", filter.route());
        }
        Integer status = filter.status();
        if (status != null && status < 10) {
            where.append(" and status between :low and :high");
            params.put("low", status * 100);
            params.put("high", status * 100 + 99);
        } else if (status != null) {
            where.append(" and status = :status");
            params.put("status", status);
        }
        if (filter.from() != null) {
            where.append(" and at >= :from");
            params.put("from", Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            where.append(" and at < :to");
            params.put("to", Timestamp.from(filter.to()));
        }
        long total = jdbc.sql("select count(*) from api_usage " + where).params(params).query(Long.class).single();
        List<Call> items = jdbc.sql("select * from api_usage " + where + " order by at desc limit :size offset :offset")
                .params(params).param("size", paging.size()).param("offset", paging.offset())
                .query((rs, n) -> new Call(rs.getObject("key_id", UUID.class), rs.getString("method"),
                        rs.getString("route"), rs.getInt("status"), rs.getLong("duration_us"), rs.getString("address"),
                        rs.getTimestamp("at").toInstant()))
                .list();
        return paging.response(items, total);
    }

    @Override
    public List<Daily> daily(String slug, @Nullable UUID keyId, LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw ProblemException.invalidField("to", "must not be before from");
        }
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw ProblemException.invalidField("to", "at most %d days after from".formatted(MAX_DAYS));
        }
        TenantId tenant = tenants.requireBySlug(slug).id();
        return jdbc.sql("""
                select key_id, day, status, calls, total_duration_us from api_usage_daily
                where tenant_id = :tenant and day between :from and :to
                    and (cast(:key as uuid) is null or key_id = cast(:key as uuid))
                order by day desc, key_id, status
                """).param("tenant", tenant.value()).param("from", Date.valueOf(from)).param("to", Date.valueOf(to))
                .param("key", keyId).query((rs, n) -> new Daily(rs.getObject("key_id", UUID.class),
                        rs.getDate("day").toLocalDate(), rs.getInt("status"), rs.getLong("calls"),
                        rs.getLong("total_duration_us") / Math.max(1, rs.getLong("calls"))))
                .list();
    }

    /**
     * Deletes tenant by tenant (the roll-ups name the tenants with calls that old), in chunks, so that each delete
     * uses the tenant's index and no statement holds many rows locked.
     */
    @Override
    public int prune() {
        Instant now = clock.instant();
        Instant cutoff = now.minus(retention);
        LocalDate rollupCutoff = now.minus(ROLLUP_RETENTION).atOffset(ZoneOffset.UTC).toLocalDate();
        List<UUID> tenantsWithOldCalls = jdbc.sql("select distinct tenant_id from api_usage_daily where day <= :day")
                .param("day", Date.valueOf(cutoff.atOffset(ZoneOffset.UTC).toLocalDate())).query(UUID.class).list();
        int deleted = 0;
        for (UUID tenant : tenantsWithOldCalls) {
            int chunk;
            do {
                chunk = jdbc.sql("""
                        delete from api_usage where ctid = any(array(select ctid from api_usage
                            where tenant_id = :tenant and at < :cutoff limit :chunk))
                        """).param("tenant", tenant).param("cutoff", Timestamp.from(cutoff))
                        .param("chunk", PRUNE_CHUNK).update();
                deleted += chunk;
            } while (chunk == PRUNE_CHUNK);
            jdbc.sql("delete from api_usage_daily where tenant_id = :tenant and day < :day").param("tenant", tenant)
                    .param("day", Date.valueOf(rollupCutoff)).update();
        }
        return deleted;
    }
}
