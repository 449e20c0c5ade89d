package org.atrium.entitlements.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.atrium.platform.TenantId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The Redis path against the local Redis server (127.0.0.1:6379): rate-limit buckets shared by two nodes and
 * invalidation over pub/sub. Skipped, saying so, when no Redis answers there.
 */
class EntitlementRedisTests {

    static RedisClient redis;

    @BeforeAll
    static void connect() {
        RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(6379).withTimeout(Duration.ofSeconds(1))
                .build();
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().ping();
            redis = client;
        } catch (RuntimeException e) {
            client.shutdown();
            Assumptions.abort("No Redis answers on 127.0.0.1:6379 (" + e.getMessage() + "); the Redis path is not tested");
        }
    }

    @AfterAll
    static void disconnect() {
        if (redis != null) {
            redis.shutdown();
        }
    }

    @Test
    void twoNodesShareOneDailyAllowanceInRedis() {
        Clock clock = Clock.system(ZoneOffset.UTC);
        RateLimiter nodeA = new RedisRateLimiter(redis, clock, 100);
        RateLimiter nodeB = new RedisRateLimiter(redis, clock, 100);
        TenantId tenant = TenantId.of(UUID.randomUUID());
        int allowed = 0;
        for (int i = 0; i < 10; i++) {
            RateLimiter node = i % 2 == 0 ? nodeA : nodeB;
            if (node.tryConsume(tenant, 6, ZoneOffset.UTC).allowed()) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(6);
        RateLimiter.Decision refused = nodeB.tryConsume(tenant, 6, ZoneOffset.UTC);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isBetween(1L, 86_400L);
    }

    @Test
    void theBurstLimitRefillsWithinASecond() throws InterruptedException {
        Clock clock = Clock.system(ZoneOffset.UTC);
        RateLimiter limiter = new RedisRateLimiter(redis, clock, 3);
        TenantId tenant = TenantId.of(UUID.randomUUID());
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryConsume(tenant, 1000, ZoneOffset.UTC).allowed()).isTrue();
        }
        RateLimiter.Decision refused = limiter.tryConsume(tenant, 1000, ZoneOffset.UTC);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        // A refused attempt takes nothing, so asking again until it is allowed measures the refill.
        await("the burst refilled").atMost(Duration.ofMillis(1_100)).pollInterval(Duration.ofMillis(50))
                .until(() -> limiter.tryConsume(tenant, 1000, ZoneOffset.UTC).allowed());
    }

    @Test
    void invalidationsReachTheOtherNodeButNotTheSender() throws InterruptedException {
        RedisInvalidationBus nodeA = new RedisInvalidationBus(redis);
        RedisInvalidationBus nodeB = new RedisInvalidationBus(redis);
        try {
            BlockingQueue<String> atA = new ArrayBlockingQueue<>(10);
            BlockingQueue<String> atB = new ArrayBlockingQueue<>(10);
            nodeA.subscribe(atA::add);
            nodeB.subscribe(atB::add);
            String message = "tenant:" + UUID.randomUUID();
            nodeA.publish(message);
            assertThat(atB.poll(1, TimeUnit.SECONDS)).isEqualTo(message);
            assertThat(atA.poll(200, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            nodeA.destroy();
            nodeB.destroy();
        }
    }
}
