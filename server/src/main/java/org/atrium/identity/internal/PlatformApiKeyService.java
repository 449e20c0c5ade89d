package org.atrium.identity.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.identity.ApiKeyView;
import org.atrium.identity.IssuedApiKey;
import org.atrium.identity.PlatformApiKeys;
import org.atrium.platform.Actor;
import org.atrium.platform.Ids;
import org.atrium.platform.Permissions;
import org.atrium.platform.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Platform API keys: issued with a subset of the issuer's permissions, shown once, stored as a hash, revocable.
 * Lookups are cached briefly by hash (and reloaded ahead of expiry, so that requests rarely wait for the database);
 * a revocation clears this node's cache at once and others within seconds.
 */
@Service
class PlatformApiKeyService implements PlatformApiKeys {

    private static final Duration CACHE_TTL = Duration.ofSeconds(5);
    private static final Duration REFRESH_AFTER = Duration.ofSeconds(4);
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private static final RowMapper<StoredKey> ROWS = (rs, n) -> new StoredKey(rs.getObject("id", UUID.class),
            rs.getString("name"), rs.getString("prefix"), Set.of((String[]) rs.getArray("permissions").getArray()),
            rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
            instant(rs.getTimestamp("last_used_at")), instant(rs.getTimestamp("expires_at")),
            instant(rs.getTimestamp("revoked_at")));

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private final SecurityAlerts alerts;

    PlatformApiKeyService(JdbcClient jdbc, Clock clock, AuditLog audit, SecurityAlerts alerts) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.alerts = alerts;
    }

    /** The principal for a presented secret, if the key exists, is not revoked and has not expired. */
    Optional<AuthenticatedPrincipal> authenticate(String secret) {
        if (!ApiKeySecrets.looksValid(secret)) {
            return Optional.empty();
        }
        String hash = ApiKeySecrets.hash(secret);
        Instant now = clock.instant();
        Cached cached = cache.get(hash);
        if (cached == null || !now.isBefore(cached.expiresAt)) {
            cached = load(hash, now);
            if (cached == null) {
                // Not remembered: anyone can send endless new secrets, and the cache would grow with each one.
                return Optional.empty();
            }
        } else if (!now.isBefore(cached.refreshAt) && cached.refreshing.compareAndSet(false, true)) {
            // Still valid, but due soon: one request reloads it, the others go on with it meanwhile, so that no
            // request waits for the reload and requests in flight do not all run the same query at once.
            Cached due = cached;
            try {
                cached = load(hash, now);
            } finally {
                due.refreshing.set(false);
            }
            if (cached == null) {
                return Optional.empty();
            }
        }
        StoredKey key = cached.key;
        if (key.revokedAt() != null || (key.expiresAt() != null && !key.expiresAt().isAfter(now))) {
            return Optional.empty();
        }
        if ((key.lastUsedAt() == null || key.lastUsedAt().plus(TOUCH_INTERVAL).isBefore(now))
                && cached.touching.compareAndSet(false, true)) {
            // One request touches the key; the others do not queue behind it on the same row.
            try {
                jdbc.sql("update platform_api_keys set last_used_at = :now where id = :id")
                        .param("now", Timestamp.from(now)).param("id", key.id()).update();
                cache.replace(hash, cached, cached.touched(now));
            } finally {
                cached.touching.set(false);
            }
        }
        return Optional.of(cached.principal);
    }

    /** Reads a key into the cache; null (and nothing cached) when no key has this hash. */
    private @Nullable Cached load(String hash, Instant now) {
        Optional<StoredKey> key = jdbc.sql("select * from platform_api_keys where secret_hash = :hash")
                .param("hash", hash).query(ROWS).optional();
        if (key.isEmpty()) {
            cache.remove(hash);
            return null;
        }
        Cached cached = new Cached(key.get(), now);
        cache.put(hash, cached);
        return cached;
    }

    @Override
    @Transactional
    public IssuedApiKey issue(String name, Set<String> permissions, @Nullable Instant expiresAt,
            Set<String> issuerPermissions) {
        if (name.isBlank() || name.length() > 100) {
            throw ProblemException.invalidField("name", "must be 1 to 100 characters");
        }
        if (permissions.isEmpty()) {
            throw ProblemException.invalidField("permissions", "must name at least one permission");
        }
        for (String permission : permissions) {
            if (!Permissions.ALL.contains(permission)) {
                throw ProblemException.invalidField("permissions", "unknown permission '%s'".formatted(permission));
            }
            if (!issuerPermissions.contains(permission)) {
                throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden",
                        "You cannot grant '%s', which you do not hold".formatted(permission),
                        java.util.Map.of("permission", permission));
            }
        }
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw ProblemException.invalidField("expiresAt", "must be in the future");
        }
        IssuedApiKey issued = insert(name, permissions, expiresAt, ApiKeySecrets.generate());
        alerts.raise("api_key", "api-key:" + issued.key().id(), "New platform API key",
                "%s created the platform API key '%s' (%s…) with: %s".formatted(Actor.current().display(), name,
                        issued.key().prefix(), String.join(", ", new java.util.TreeSet<>(permissions))));
        return issued;
    }

    /** Stores a key with a given secret (bootstrap); refuses a secret that does not look like a platform key. */
    IssuedApiKey insert(String name, Set<String> permissions, @Nullable Instant expiresAt, String secret) {
        if (!ApiKeySecrets.looksValid(secret)) {
            throw new IllegalArgumentException("A platform API key must start with " + ApiKeySecrets.PREFIX
                    + " followed by at least 32 characters");
        }
        UUID id = Ids.newId(clock);
        Instant now = clock.instant();
        List<String> sorted = permissions.stream().sorted().toList();
        jdbc.sql("""
                insert into platform_api_keys (id, name, prefix, secret_hash, permissions, created_by, created_at, expires_at)
                values (:id, :name, :prefix, :hash, :permissions, :createdBy, :now, :expiresAt)
                """).param("id", id).param("name", name).param("prefix", ApiKeySecrets.displayPrefix(secret))
                .param("hash", ApiKeySecrets.hash(secret)).param("permissions", sorted.toArray(String[]::new))
                .param("createdBy", Actor.current().id()).param("now", Timestamp.from(now))
                .param("expiresAt", expiresAt == null ? null : Timestamp.from(expiresAt)).update();
        ApiKeyView view = new ApiKeyView(id, name, ApiKeySecrets.displayPrefix(secret), new LinkedHashSet<>(sorted),
                Actor.current().id(), now, null, expiresAt, null);
        audit.record(AuditEntry.of("platform.api_key.created", null, id.toString(), null, view));
        return new IssuedApiKey(view, secret);
    }

    @Override
    public List<ApiKeyView> list() {
        return jdbc.sql("select * from platform_api_keys order by created_at desc").query(ROWS).list().stream()
                .map(StoredKey::view).toList();
    }

    @Override
    @Transactional
    public ApiKeyView revoke(UUID id, Set<String> revokerPermissions) {
        StoredKey key = jdbc.sql("select * from platform_api_keys where id = :id for update").param("id", id).query(ROWS)
                .optional().orElseThrow(() -> ProblemException.notFound("API key", id.toString()));
        for (String permission : new java.util.TreeSet<>(key.permissions())) {
            if (!revokerPermissions.contains(permission)) {
                throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden",
                        "You cannot revoke a key that holds '%s', which you do not hold".formatted(permission),
                        java.util.Map.of("permission", permission));
            }
        }
        if (key.revokedAt() != null) {
            return key.view();
        }
        Instant now = clock.instant();
        jdbc.sql("update platform_api_keys set revoked_at = :now where id = :id").param("now", Timestamp.from(now))
                .param("id", id).update();
        cache.clear();
        ApiKeyView after = new ApiKeyView(key.id(), key.name(), key.prefix(), key.permissions(), key.createdBy(),
                key.createdAt(), key.lastUsedAt(), key.expiresAt(), now);
        audit.record(AuditEntry.of("platform.api_key.revoked", null, id.toString(), key.view(), after));
        return after;
    }

    boolean anyExists() {
        return jdbc.sql("select exists(select 1 from platform_api_keys)").query(Boolean.class).single();
    }

    private static @Nullable Instant instant(@Nullable Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    /**
     * A key as read at {@code loadedAt}, with the principal it authenticates (the same for every request), used until
     * {@link #CACHE_TTL} has passed and reloaded ahead of that by the first request after {@link #REFRESH_AFTER}.
     */
    private static final class Cached {

        final StoredKey key;
        final Instant loadedAt;
        final Instant refreshAt;
        final Instant expiresAt;
        final AuthenticatedPrincipal principal;
        final AtomicBoolean refreshing = new AtomicBoolean();
        final AtomicBoolean touching = new AtomicBoolean();

        Cached(StoredKey key, Instant loadedAt) {
            this.key = key;
            this.loadedAt = loadedAt;
            this.refreshAt = loadedAt.plus(REFRESH_AFTER);
            this.expiresAt = loadedAt.plus(CACHE_TTL);
            this.principal = new AuthenticatedPrincipal(new Actor(Actor.Type.API_KEY, key.id().toString(), key.name()),
                    key.permissions());
        }

        /** The same entry, as the database has it after its last use was recorded at {@code now}. */
        Cached touched(Instant now) {
            return new Cached(new StoredKey(key.id(), key.name(), key.prefix(), key.permissions(), key.createdBy(),
                    key.createdAt(), now, key.expiresAt(), key.revokedAt()), loadedAt);
        }
    }

    record StoredKey(UUID id, String name, String prefix, Set<String> permissions, String createdBy, Instant createdAt,
            @Nullable Instant lastUsedAt, @Nullable Instant expiresAt, @Nullable Instant revokedAt) {

        ApiKeyView view() {
            return new ApiKeyView(id, name, prefix, new java.util.TreeSet<>(permissions), createdBy, createdAt,
                    lastUsedAt, expiresAt, revokedAt);
        }
    }
}
