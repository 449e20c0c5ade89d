package org.atrium.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.atrium.metering.Metering;
import org.atrium.metering.RecordedUsage;
import org.atrium.metering.UsageEvent;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenants;

/**
 * Usage ingestion, durable on commit (fsync and synchronous commit on): {@link Metering#record} of batches of 1,000
 * events (validation, idempotency keys, counters, thresholds, one transaction per batch) against a plain JDBC batch
 * insert of the same rows into a table of the same shape, one commit per 1,000 rows. One thread each.
 * <p>
 * Arguments: {@code [batches per phase, default 100]}.
 */
public final class IngestionBenchmark {

    private static final int BATCH = 1_000;

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        try (BenchServer server = BenchServer.start()) {
            DataSource dataSource = server.context.getBean(DataSource.class);
            Metering metering = server.context.getBean(Metering.class);
            TenantId tenant = server.context.getBean(Tenants.class).requireBySlug(server.tenant).id();
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("create table bench_usage_events (like usage_events including all)");
                try (ResultSet rs = s.executeQuery("select current_setting('fsync'), current_setting('synchronous_commit')")) {
                    rs.next();
                    System.out.printf("PostgreSQL fsync=%s synchronous_commit=%s; %d batches of %d events per phase%n",
                            rs.getString(1), rs.getString(2), batches, BATCH);
                }
            }
            phase("warm-up (atrium)", Math.max(5, batches / 5), i -> atrium(metering, tenant, i));
            phase("warm-up (jdbc)", Math.max(5, batches / 5), i -> jdbc(dataSource, tenant, i));
            double atrium = phase("atrium record()", batches, i -> atrium(metering, tenant, 1_000_000 + i));
            double jdbc = phase("plain JDBC batch", batches, i -> jdbc(dataSource, tenant, 1_000_000 + i));
            System.out.printf("%nRESULT atrium %.0f events/s, baseline %.0f events/s, ratio %.1f %% "
                    + "(targets: >= 20,000 events/s and >= 50 %%)%n", atrium, jdbc, 100.0 * atrium / jdbc);
        }
    }

    interface Batch {
        void run(int index) throws Exception;
    }

    private static double phase(String label, int batches, Batch batch) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < batches; i++) {
            batch.run(i);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = batches * BATCH / seconds;
        System.out.printf("%-18s %9.0f events/s  (%d events in %.2f s)%n", label, rate, batches * BATCH, seconds);
        return rate;
    }

    private static void atrium(Metering metering, TenantId tenant, int batch) {
        List<UsageEvent> events = new ArrayList<>(BATCH);
        Instant now = Instant.now();
        for (int i = 0; i < BATCH; i++) {
            events.add(UsageEvent.counted(tenant, "max_shipments", 1, now, "a-" + batch + "-" + i));
        }
        RecordedUsage recorded = metering.record(events);
        if (recorded.accepted() != BATCH) {
            throw new IllegalStateException("Recorded " + recorded.accepted() + " of " + BATCH);
        }
    }

    private static void jdbc(DataSource dataSource, TenantId tenant, int batch) throws Exception {
        Timestamp now = Timestamp.from(Instant.now());
        LocalDate today = LocalDate.now();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into bench_usage_events (tenant_id, idempotency_key, metric, quantity, level_value,
                                                    occurred_at, recorded_at, period_start)
                    values (?, ?, ?, ?, null, ?, ?, ?)""")) {
                UUID id = tenant.value();
                for (int i = 0; i < BATCH; i++) {
                    insert.setObject(1, id);
                    insert.setString(2, "j-" + batch + "-" + i);
                    insert.setString(3, "max_shipments");
                    insert.setLong(4, 1);
                    insert.setTimestamp(5, now);
                    insert.setTimestamp(6, now);
                    insert.setObject(7, today);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        }
    }
}
