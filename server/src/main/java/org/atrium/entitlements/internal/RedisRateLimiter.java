package org.atrium.entitlements.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;

/** Buckets in Redis (compare-and-swap), so that the limit holds across every Atrium node. */
class RedisRateLimiter extends RateLimiter {

    private final ProxyManager<byte[]> buckets;

    public RedisRateLimiter(RedisClient redis, Clock clock, long burstPerSecond) {
        super(clock, burstPerSecond);
        this.buckets = Bucket4jLettuce.casBasedBuilder(redis).clientClock(timeMeter())
                .expirationAfterWrite(ExpirationAfterWriteStrategy.fixedTimeToLive(Duration.ofHours(26))).build();
    }

    @Override
    protected ConsumptionProbe consume(String key, Supplier<BucketConfiguration> config) {
        return buckets.getProxy(key.getBytes(StandardCharsets.UTF_8), config).tryConsumeAndReturnRemaining(1);
    }
}
