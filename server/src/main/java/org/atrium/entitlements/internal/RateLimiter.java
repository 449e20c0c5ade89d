package org.atrium.entitlements.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.atrium.platform.TenantId;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * Per-tenant request limits: the plan's {@code api_calls_daily} per tenant-local day plus a per-second burst. A
 * bucket is keyed by tenant, local date and both limits, so the daily allowance starts afresh at local midnight
 * and a changed limit takes effect at once.
 */
abstract class RateLimiter {

    /** The outcome of one request against the tenant's limits. */
    public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {
    }

    private final Clock clock;
    private final long burstPerSecond;

    protected RateLimiter(Clock clock, long burstPerSecond) {
        this.clock = clock;
        this.burstPerSecond = burstPerSecond;
    }

    /** @param daily requests per tenant-local day, {@code -1} for no daily limit */
    public Decision tryConsume(TenantId tenant, long daily, ZoneId zone) {
        Instant now = clock.instant();
        LocalDate today = now.atZone(zone).toLocalDate();
        long untilMidnight = Math.max(1, Duration.between(now, today.plusDays(1).atStartOfDay(zone)).toSeconds());
        String key = "atrium:rl:" + tenant.value() + ":" + today + ":" + daily + ":" + burstPerSecond;
        ConsumptionProbe probe = consume(key, () -> configuration(daily));
        long shown = daily >= 0 ? daily : burstPerSecond;
        if (probe.isConsumed()) {
            return new Decision(true, shown, probe.getRemainingTokens(), untilMidnight, 0);
        }
        long waitSeconds = (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L;
        return new Decision(false, shown, 0, untilMidnight, Math.max(1, Math.min(waitSeconds, untilMidnight)));
    }

    private BucketConfiguration configuration(long daily) {
        var builder = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(burstPerSecond).refillGreedy(burstPerSecond, Duration.ofSeconds(1)));
        if (daily >= 0) {
            // Refills only after a day; by then the next local date has a bucket of its own.
            builder.addLimit(limit -> limit.capacity(Math.max(daily, 1)).refillIntervally(Math.max(daily, 1),
                    Duration.ofDays(1)).initialTokens(daily));
        }
        return builder.build();
    }

    protected abstract ConsumptionProbe consume(String key, java.util.function.Supplier<BucketConfiguration> config);

    /** Bucket time from the injected clock, so that moving the sandbox clock moves the buckets too. */
    protected TimeMeter timeMeter() {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }
}
