package org.atrium.entitlements.internal;

import java.time.Duration;
import java.util.function.Function;

import org.atrium.platform.TenantId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * This node's cached {@link TenantRules}. Entries go when something changes them (see {@link CacheInvalidation})
 * and, as a safety net for changes that announce nothing, after {@code atrium.entitlements.cache-ttl}.
 */
@Component
class RulesCache {

    private final Cache<TenantId, TenantRules> rules;

    RulesCache(@Value("${atrium.entitlements.cache-ttl:5m}") Duration ttl,
            @Value("${atrium.entitlements.cache-size:100000}") long size) {
        this.rules = Caffeine.newBuilder().maximumSize(size).expireAfterWrite(ttl).build();
    }

    TenantRules get(TenantId tenant, Function<TenantId, TenantRules> loader) {
        return rules.get(tenant, loader);
    }

    void evict(TenantId tenant) {
        rules.invalidate(tenant);
    }

    void evictAll() {
        rules.invalidateAll();
    }
}
