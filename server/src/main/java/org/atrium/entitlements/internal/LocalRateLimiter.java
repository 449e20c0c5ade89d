package org.atrium.entitlements.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/** Buckets in this node's memory: exact on one node; with several nodes each allows the full limit. */
class LocalRateLimiter extends RateLimiter {

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(1_000_000)
            .expireAfterAccess(Duration.ofHours(26)).build();

    LocalRateLimiter(Clock clock, long burstPerSecond) {
        super(clock, burstPerSecond);
    }

    @Override
    protected ConsumptionProbe consume(String key, Supplier<BucketConfiguration> config) {
        Bucket bucket = buckets.get(key, k -> {
            var builder = Bucket.builder().withCustomTimePrecision(timeMeter());
            for (var bandwidth : config.get().getBandwidths()) {
                builder.addLimit(bandwidth);
            }
            return builder.build();
        });
        return bucket.tryConsumeAndReturnRemaining(1);
    }
}
