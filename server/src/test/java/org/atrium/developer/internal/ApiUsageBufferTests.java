package org.atrium.developer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.atrium.platform.TenantId;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The usage log's buffer is bounded: a call that finds it full is dropped and counted, and the request goes on. */
class ApiUsageBufferTests {

    private static ApiUsageLog.Pending call(int status) {
        return new ApiUsageLog.Pending(TenantId.of(UUID.randomUUID()), UUID.randomUUID(),
                Instant.parse("2026-12-01T00:00:00Z"), "GET", "/api/v1/tenants/{slug}/wallet", status, 120,
                "127.0.0.1");
    }

    @Test
    void aFullBufferDropsTheCallAndCountsIt() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        // No writer thread and no database: nothing takes calls out of the buffer of two.
        ApiUsageLog log = new ApiUsageLog(null, Clock.systemUTC(), null, null, meters, Duration.ofDays(30), 2, false);
        log.record(call(200));
        log.record(call(200));
        assertThat(log.dropped()).isZero();
        log.record(call(500));
        log.record(call(404));
        assertThat(log.dropped()).isEqualTo(2);
        assertThat(meters.get("atrium.api_usage.dropped").counter().count()).isEqualTo(2.0);
        assertThat(meters.get("atrium.api_usage.buffered").gauge().value()).isEqualTo(2.0);
    }

    @Test
    void whileRecordingIsOffNothingIsBufferedOrDropped() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ApiUsageLog log = new ApiUsageLog(null, Clock.systemUTC(), null, null, meters, Duration.ofDays(30), 1, false);
        log.setRecording(false);
        log.record(call(200));
        log.record(call(200));
        assertThat(log.dropped()).isZero();
        assertThat(meters.get("atrium.api_usage.buffered").gauge().value()).isZero();
    }
}
