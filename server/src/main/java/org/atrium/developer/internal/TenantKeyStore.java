package org.atrium.developer.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.developer.ApiScope;
import org.atrium.developer.IssuedTenantApiKey;
import org.atrium.developer.TenantApiKey;
import org.atrium.developer.TenantApiKeys;
import org.atrium.entitlements.Invalidations;
import org.atrium.identity.TenantKeyPrincipal;
import org.atrium.identity.TenantKeyResolver;
import org.atrium.platform.Actor;
import org.atrium.platform.Ids;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.TenantDeleted;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tenant keys in {@code tenant_api_keys}, and their authentication. Lookups are cached by hash for a few seconds;
 * a revocation (or a rotation without overlap) clears the cache of this node after commit and of every other node
 * through the entitlements' invalidation bus, so that a revoked key is refused everywhere within a second.
 */
@Service
class TenantKeyStore implements TenantApiKeys, TenantKeyResolver {

    static final String TOPIC = "tenant-api-keys";
    private static final Duration CACHE_TTL = Duration.ofSeconds(5);
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    private static final int NAME_LIMIT = 100;

    private static final RowMapper<Row> ROWS = (rs, n) -> new Row(TenantId.of(rs.getObject("tenant_id", UUID.class)),
            rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("prefix"),
            new TreeSet<>(List.of((String[]) rs.getArray("scopes").getArray())), rs.getString("created_by"),
            rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("expires_at")),
            instant(rs.getTimestamp("revoked_at")), instant(rs.getTimestamp("last_used_at")),
            rs.getString("last_used_from"), rs.getObject("rotated_to", UUID.class));

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final Tenants tenants;
    private final Invalidations invalidations;
    private final boolean sandbox;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    TenantKeyStore(JdbcClient jdbc, Clock clock, AuditLog audit, Tenants tenants, Invalidations invalidations,
            @Value("${atrium.sandbox:false}") boolean sandbox) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.tenants = tenants;
        this.invalidations = invalidations;
        this.sandbox = sandbox;
        invalidations.subscribe(TOPIC, message -> cache.clear());
    }

    @Override
    public boolean handles(String secret) {
        return TenantKeySecrets.hasPrefix(secret);
    }

    @Override
    public Optional<TenantKeyPrincipal> resolve(String secret, String clientAddress) {
        if (!TenantKeySecrets.wellFormed(secret)) {
            return Optional.empty();
        }
        String hash = TenantKeySecrets.hash(secret);
        Instant now = clock.instant();
        Cached cached = cache.get(hash);
        if (cached == null || !now.isBefore(cached.loadedAt.plus(CACHE_TTL))) {
            cached = load(hash, now);
            if (cached == null) {
                return Optional.empty();
            }
        }
        Row key = cached.row;
        if (!key.validAt(now)) {
            return Optional.empty();
        }
        if ((key.lastUsedAt() == null || key.lastUsedAt().plus(TOUCH_INTERVAL).isBefore(now)
                || !clientAddress.equals(key.lastUsedFrom())) && cached.touching.compareAndSet(false, true)) {
            try {
                jdbc.sql("update tenant_api_keys set last_used_at = :now, last_used_from = :from where id = :id")
                        .param("now", Timestamp.from(now)).param("from", clientAddress).param("id", key.id()).update();
                cache.replace(hash, cached, new Cached(key.touched(now, clientAddress), cached.loadedAt,
                        cached.principal));
            } finally {
                cached.touching.set(false);
            }
        }
        return Optional.of(cached.principal);
    }

    private @Nullable Cached load(String hash, Instant now) {
        Optional<Row> row = jdbc.sql("select * from tenant_api_keys where secret_hash = :hash").param("hash", hash)
                .query(ROWS).optional();
        Optional<Tenant> tenant = row.flatMap(r -> tenants.find(r.tenant())).filter(t -> !t.isDeleted());
        if (row.isEmpty() || tenant.isEmpty()) {
            cache.remove(hash);
            return null;
        }
        Row key = row.get();
        Cached cached = new Cached(key, now,
                new TenantKeyPrincipal(key.id(), key.name(), key.tenant(), tenant.get().slug(), key.scopes()));
        cache.put(hash, cached);
        return cached;
    }

    @Override
    @Transactional
    public IssuedTenantApiKey issue(String slug, String name, Set<String> scopes, @Nullable Instant expiresAt) {
        Tenant tenant = tenants.requireBySlug(slug);
        if (name == null || name.isBlank() || name.length() > NAME_LIMIT) {
            throw ProblemException.invalidField("name", "must be 1 to 100 characters");
        }
        if (scopes == null || scopes.isEmpty()) {
            throw ProblemException.invalidField("scopes", "must name at least one scope");
        }
        for (String scope : scopes) {
            if (!ApiScope.ALL.contains(scope)) {
                throw ProblemException.invalidField("scopes",
                        "unknown scope '%s'; scopes are <resource>:read or <resource>:write".formatted(scope));
            }
        }
        requireHeld(scopes, "grant");
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw ProblemException.invalidField("expiresAt", "must be in the future");
        }
        IssuedTenantApiKey issued = insert(tenant, name, new TreeSet<>(scopes), expiresAt);
        audit.record(AuditEntry.of("tenant.api_key.created", tenant.id(), issued.apiKey().id().toString(), null,
                issued.apiKey()));
        return issued;
    }

    private IssuedTenantApiKey insert(Tenant tenant, String name, Set<String> scopes, @Nullable Instant expiresAt) {
        String secret = TenantKeySecrets.generate(sandbox);
        UUID id = Ids.newId(clock);
        Instant now = clock.instant();
        String by = Actor.current().type().code() + ":" + Actor.current().id();
        jdbc.sql("""
                insert into tenant_api_keys (tenant_id, id, name, prefix, secret_hash, scopes, created_by, created_at,
                    expires_at)
                values (:tenant, :id, :name, :prefix, :hash, :scopes, :by, :now, :expiresAt)
                """).param("tenant", tenant.id().value()).param("id", id).param("name", name)
                .param("prefix", TenantKeySecrets.displayPrefix(secret)).param("hash", TenantKeySecrets.hash(secret))
                .param("scopes", scopes.toArray(String[]::new)).param("by", by).param("now", Timestamp.from(now))
                .param("expiresAt", expiresAt == null ? null : Timestamp.from(expiresAt)).update();
        Row row = new Row(tenant.id(), id, name, TenantKeySecrets.displayPrefix(secret), scopes, by, now, expiresAt,
                null, null, null, null);
        return new IssuedTenantApiKey(row.view(tenant.slug()), secret);
    }

    @Override
    public List<TenantApiKey> list(String slug) {
        Tenant tenant = tenants.requireBySlug(slug);
        return jdbc.sql("select * from tenant_api_keys where tenant_id = :tenant order by created_at desc, id desc")
                .param("tenant", tenant.id().value()).query(ROWS).list().stream().map(r -> r.view(slug)).toList();
    }

    @Override
    @Transactional
    public IssuedTenantApiKey rotate(String slug, UUID id, Duration overlap) {
        if (overlap.isNegative() || overlap.compareTo(MAX_OVERLAP) > 0) {
            throw ProblemException.invalidField("overlap", "must be between PT0S and P7D");
        }
        Tenant tenant = tenants.requireBySlug(slug);
        Row key = lock(tenant, id);
        requireHeld(key.scopes(), "rotate");
        Instant now = clock.instant();
        if (!key.validAt(now)) {
            throw ProblemException.conflict("api-key-not-valid",
                    "API key %s is revoked or expired; issue a new one instead".formatted(id));
        }
        IssuedTenantApiKey successor = insert(tenant, key.name(), key.scopes(), key.expiresAt());
        Instant oldEnd = now.plus(overlap);
        if (key.expiresAt() != null && key.expiresAt().isBefore(oldEnd)) {
            oldEnd = key.expiresAt();
        }
        boolean immediate = overlap.isZero();
        jdbc.sql("""
                update tenant_api_keys set rotated_to = :successor, expires_at = :end,
                    revoked_at = case when :immediate then :now else revoked_at end
                where tenant_id = :tenant and id = :id
                """).param("successor", successor.apiKey().id()).param("end", Timestamp.from(oldEnd))
                .param("immediate", immediate).param("now", Timestamp.from(now))
                .param("tenant", tenant.id().value()).param("id", id).update();
        Row after = key.rotated(successor.apiKey().id(), oldEnd, immediate ? now : null);
        audit.record(AuditEntry.of("tenant.api_key.rotated", tenant.id(), id.toString(), key.view(slug),
                after.view(slug)));
        audit.record(AuditEntry.of("tenant.api_key.created", tenant.id(), successor.apiKey().id().toString(), null,
                successor.apiKey()));
        // A shortened expiry must reach the other nodes' caches as a revocation does.
        forgetEverywhereAfterCommit();
        return successor;
    }

    @Override
    @Transactional
    public TenantApiKey revoke(String slug, UUID id) {
        Tenant tenant = tenants.requireBySlug(slug);
        Row key = lock(tenant, id);
        requireHeld(key.scopes(), "revoke");
        if (key.revokedAt() != null) {
            return key.view(slug);
        }
        Instant now = clock.instant();
        jdbc.sql("update tenant_api_keys set revoked_at = :now where tenant_id = :tenant and id = :id")
                .param("now", Timestamp.from(now)).param("tenant", tenant.id().value()).param("id", id).update();
        Row after = key.rotated(key.rotatedTo(), key.expiresAt(), now);
        audit.record(AuditEntry.of("tenant.api_key.revoked", tenant.id(), id.toString(), key.view(slug),
                after.view(slug)));
        forgetEverywhereAfterCommit();
        return after.view(slug);
    }

    private Row lock(Tenant tenant, UUID id) {
        return jdbc.sql("select * from tenant_api_keys where tenant_id = :tenant and id = :id for update")
                .param("tenant", tenant.id().value()).param("id", id).query(ROWS).optional()
                .orElseThrow(() -> ProblemException.notFound("API key", id.toString()));
    }

    /** A tenant key may only hand out, rotate or revoke what it holds itself; staff may do so for any scope. */
    private static void requireHeld(Set<String> scopes, String action) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof TenantKeyPrincipal caller)) {
            return;
        }
        for (String scope : new TreeSet<>(scopes)) {
            if (!caller.scopes().contains(scope)) {
                throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden",
                        "You cannot %s a key with '%s', which your key does not hold".formatted(action, scope),
                        Map.of("permission", scope));
            }
        }
    }

    /** A deleted tenant's keys are refused on every node at once, not only when their cache entries expire. */
    @ApplicationModuleListener
    void on(TenantDeleted event) {
        cache.clear();
        invalidations.broadcast(TOPIC, "tenant-deleted");
    }

    private void forgetEverywhereAfterCommit() {
        Runnable forget = () -> {
            cache.clear();
            invalidations.broadcast(TOPIC, "revoked");
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    forget.run();
                }
            });
        } else {
            forget.run();
        }
    }

    private static @Nullable Instant instant(@Nullable Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    private record Cached(Row row, Instant loadedAt, TenantKeyPrincipal principal, AtomicBoolean touching) {
        Cached(Row row, Instant loadedAt, TenantKeyPrincipal principal) {
            this(row, loadedAt, principal, new AtomicBoolean());
        }
    }

    record Row(TenantId tenant, UUID id, String name, String prefix, Set<String> scopes, String createdBy,
            Instant createdAt, @Nullable Instant expiresAt, @Nullable Instant revokedAt, @Nullable Instant lastUsedAt,
            @Nullable String lastUsedFrom, @Nullable UUID rotatedTo) {

        boolean validAt(Instant now) {
            return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
        }

        Row touched(Instant now, String from) {
            return new Row(tenant, id, name, prefix, scopes, createdBy, createdAt, expiresAt, revokedAt, now, from,
                    rotatedTo);
        }

        Row rotated(@Nullable UUID successor, @Nullable Instant end, @Nullable Instant revoked) {
            return new Row(tenant, id, name, prefix, scopes, createdBy, createdAt, end, revoked, lastUsedAt,
                    lastUsedFrom, successor);
        }

        TenantApiKey view(String slug) {
            return new TenantApiKey(id, slug, name, prefix, new LinkedHashSet<>(scopes), createdBy, createdAt,
                    expiresAt, revokedAt, lastUsedAt, lastUsedFrom, rotatedTo);
        }
    }
}
