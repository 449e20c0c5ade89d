package org.atrium.tenancy.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.TenantStatus;
import org.atrium.tenancy.Tenants;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finding tenants, and the lifecycle status the subscription drives. Every read of a tenant goes to the database: a
 * caller that needs the same tenants several times in one transaction reads them once ({@link #findAll}) and passes
 * them on. Only the slug-to-id lookup of requests is cached, for every module that resolves a slug.
 */
@Service
class TenantDirectory implements Tenants {

    private final TenantStore store;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final LoadingCache<String, TenantId> ids;

    TenantDirectory(TenantStore store, Clock clock, ApplicationEventPublisher events) {
        this.store = store;
        this.clock = clock;
        this.events = events;
        // A hit in use is reloaded ahead of its expiry by the request that finds it due (a deleted tenant's slug then
        // goes); the other requests go on with it meanwhile instead of all querying the same slug at once.
        this.ids = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofSeconds(30))
                .refreshAfterWrite(Duration.ofSeconds(20)).executor(Runnable::run)
                .build(slug -> store.findBySlug(slug).map(Tenant::id).orElse(null));
    }

    @Override
    public Optional<TenantId> findIdBySlug(String slug) {
        TenantId cached = ids.getIfPresent(slug);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<TenantId> found = store.findBySlug(slug).map(Tenant::id);
        found.ifPresent(id -> ids.put(slug, id));
        return found;
    }

    @Override
    public Optional<Tenant> findBySlug(String slug) {
        return store.findBySlug(slug);
    }

    @Override
    public Tenant requireBySlug(String slug) {
        return findBySlug(slug).orElseThrow(() -> ProblemException.notFound("Tenant", slug));
    }

    @Override
    public Optional<Tenant> find(TenantId id) {
        return store.find(id);
    }

    @Override
    public Tenant require(TenantId id) {
        return find(id).orElseThrow(() -> ProblemException.notFound("Tenant", id.toString()));
    }

    @Override
    public Map<TenantId, Tenant> findAll(Collection<TenantId> ids) {
        return store.findAll(ids);
    }

    @Override
    @Transactional
    public Tenant changeStatus(TenantId id, TenantStatus status, String planSlug) {
        Tenant before = store.lock(id);
        Tenant.Changed changed = before.changeStatus(status, planSlug, now());
        if (changed.tenant() != before) {
            store.save(changed.tenant());
        }
        changed.events().forEach(events::publishEvent);
        return changed.tenant();
    }

    /** The tenants are locked together, in id order, and the changed ones written with one statement. */
    @Override
    @Transactional
    public void changeStatusAll(List<StatusChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        Map<TenantId, Tenant> locked = store.lockAll(changes.stream().map(StatusChange::id).toList());
        Instant now = now();
        Map<TenantId, Tenant> changed = new LinkedHashMap<>();
        List<Tenant.Changed> results = new ArrayList<>();
        for (StatusChange change : changes) {
            Tenant before = locked.get(change.id());
            if (before == null) {
                throw ProblemException.notFound("Tenant", change.id().toString());
            }
            Tenant.Changed result = before.changeStatus(change.status(), change.planSlug(), now);
            if (result.tenant() != before) {
                changed.put(change.id(), result.tenant());
                locked.put(change.id(), result.tenant());
            }
            results.add(result);
        }
        store.saveAll(List.copyOf(changed.values()));
        results.forEach(r -> r.events().forEach(events::publishEvent));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
