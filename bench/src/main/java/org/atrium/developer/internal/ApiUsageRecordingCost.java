package org.atrium.developer.internal;

import java.time.Clock;
import java.util.Arrays;
import java.util.UUID;

import org.atrium.platform.TenantId;
import org.springframework.context.ApplicationContext;

/**
 * For the benchmark only (it lives in the bench sources, in the package of what it measures): the work the usage
 * log's filter adds to a request's thread — the clock read, the two {@code nanoTime} reads, the record and its
 * {@code offer} to the buffer — timed in batches while the writer thread writes to PostgreSQL beside it.
 */
public final class ApiUsageRecordingCost {

    private ApiUsageRecordingCost() {
    }

    /** Nanoseconds per recorded call, per batch of {@code perBatch} calls (sorted). */
    public static double[] nanosPerCall(ApplicationContext context, int batches, int perBatch) {
        ApiUsageLog log = context.getBean(ApiUsageLog.class);
        Clock clock = context.getBean(Clock.class);
        TenantId tenant = TenantId.of(UUID.randomUUID());
        UUID key = UUID.randomUUID();
        double[] result = new double[batches];
        long droppedBefore = log.dropped();
        for (int b = 0; b < batches; b++) {
            long started = System.nanoTime();
            for (int i = 0; i < perBatch; i++) {
                java.time.Instant at = clock.instant();
                long t0 = System.nanoTime();
                long micros = (System.nanoTime() - t0) / 1_000;
                log.record(new ApiUsageLog.Pending(tenant, key, at, "GET", "/api/v1/tenants/{slug}/wallet", 200,
                        micros, "127.0.0.1"));
            }
            result[b] = (System.nanoTime() - started) / (double) perBatch;
            log.flush(); // outside the timed part: the next batch starts with an empty buffer
        }
        if (log.dropped() != droppedBefore) {
            throw new IllegalStateException("The buffer filled up during the measurement; use smaller batches");
        }
        Arrays.sort(result);
        return result;
    }
}
