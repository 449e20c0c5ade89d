package org.atrium.entitlements.internal;

import java.time.Duration;
import java.util.Optional;

import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

/**
 * Tenant slugs to ids for requests that name a tenant. Slugs never change, so hits are kept for a while; misses
 * are not kept, so that a tenant created a moment ago is found.
 */
@Component
public class TenantLookup {

    private final Tenants tenants;
    private final LoadingCache<String, TenantId> ids;

    TenantLookup(Tenants tenants) {
        this.tenants = tenants;
        // A hit in use is reloaded ahead of its expiry by the request that finds it due (a deleted tenant's slug then
        // goes); the other requests go on with it meanwhile instead of all querying the same slug at once.
        this.ids = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofSeconds(30))
                .refreshAfterWrite(Duration.ofSeconds(20)).executor(Runnable::run)
                .build(slug -> tenants.findBySlug(slug).map(Tenant::id).orElse(null));
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
