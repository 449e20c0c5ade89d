package org.atrium.entitlements.internal;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

import io.lettuce.core.RedisClient;

/**
 * Where shared state lives: in PostgreSQL and this node's memory by default; in Redis when
 * {@code atrium.redis.url} ({@code ATRIUM_REDIS_URL}) is set, for invalidation messages and rate-limit buckets.
 */
@Configuration(proxyBeanMethods = false)
class EntitlementInfrastructure {

    @Bean(destroyMethod = "shutdown")
    @Conditional(RedisConfigured.class)
    RedisClient redisClient(@Value("${atrium.redis.url}") String url) {
        return RedisClient.create(url);
    }

    @Bean
    @Conditional(RedisConfigured.class)
    InvalidationBus redisInvalidationBus(RedisClient redis) {
        return new RedisInvalidationBus(redis);
    }

    @Bean
    @Conditional(RedisConfigured.class)
    RateLimiter redisRateLimiter(RedisClient redis, Clock clock,
            @Value("${atrium.rate-limit.burst-per-second:50}") long burst) {
        return new RedisRateLimiter(redis, clock, burst);
    }

    @Bean
    @Conditional(NoRedis.class)
    InvalidationBus postgresInvalidationBus(DataSource dataSource) {
        return new PostgresInvalidationBus(dataSource);
    }

    @Bean
    @Conditional(NoRedis.class)
    RateLimiter localRateLimiter(Clock clock, @Value("${atrium.rate-limit.burst-per-second:50}") long burst) {
        return new LocalRateLimiter(clock, burst);
    }

    static class RedisConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("atrium.redis.url"));
        }
    }

    static class NoRedis implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("atrium.redis.url"));
        }
    }
}
