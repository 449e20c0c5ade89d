package org.atrium.entitlements.internal;

import java.time.Duration;
import java.util.Optional;

import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Tenant slugs to ids for requests that name a tenant. Slugs never change, so hits are kept for a while; misses
 * are not kept, so that a tenant created a moment ago is found.
 */
@Component
public class TenantLookup {

    private final Tenants tenants;
    private final Cache<String, TenantId> ids = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofSeconds(30)).build();

    TenantLookup(Tenants tenants) {
        this.tenants = tenants;
    }

    public Optional<TenantId> find(String slug) {
        TenantId cached = ids.getIfPresent(slug);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<TenantId> found = tenants.findBySlug(slug).map(Tenant::id);
        found.ifPresent(id -> ids.put(slug, id));
        return found;
    }
}
