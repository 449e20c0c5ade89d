package org.atrium.entitlements.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.entitlements.EntitlementOverride;
import org.atrium.entitlements.Overrides;
import org.atrium.metering.Metering;
import org.atrium.platform.Actor;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Overrides in one table; every change is audited with before and after, and invalidates the tenant everywhere. */
@Service
class JdbcOverrides implements Overrides {

    private static final Pattern FEATURE_KEY = Pattern.compile("[a-z][a-z0-9_.]{1,62}");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final Tenants tenants;
    private final Metering metering;
    private final CacheInvalidation invalidation;

    JdbcOverrides(JdbcClient jdbc, Clock clock, AuditLog audit, Tenants tenants, Metering metering,
            CacheInvalidation invalidation) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.tenants = tenants;
        this.metering = metering;
        this.invalidation = invalidation;
    }

    @Override
    public List<EntitlementOverride> list(TenantId tenant) {
        return jdbc.sql("select * from entitlement_overrides where tenant_id = :t order by key")
                .param("t", tenant.value()).query(JdbcOverrides::row).list();
    }

    /** The overrides in force at {@code now}, and when the first of them ends. */
    InForce inForce(TenantId tenant, Instant now) {
        Map<String, EntitlementOverride> active = new LinkedHashMap<>();
        Instant[] validUntil = { Instant.MAX };
        jdbc.sql("""
                select * from entitlement_overrides
                where tenant_id = :t and (expires_at is null or expires_at > :now)
                """).param("t", tenant.value()).param("now", Timestamp.from(now)).query((rs, n) -> {
                    EntitlementOverride o = row(rs, n);
                    active.put(o.key(), o);
                    Timestamp expires = rs.getTimestamp("expires_at");
                    if (expires != null && expires.toInstant().isBefore(validUntil[0])) {
                        validUntil[0] = expires.toInstant();
                    }
                    return o;
                }).list();
        return new InForce(Map.copyOf(active), validUntil[0]);
    }

    record InForce(Map<String, EntitlementOverride> overrides, Instant validUntil) {
    }

    @Override
    @Transactional
    public EntitlementOverride put(TenantId tenantId, String key, @Nullable Long limit, @Nullable Boolean enabled,
            @Nullable LocalDate until, String reason) {
        Tenant tenant = tenants.require(tenantId);
        ZoneId zone = ZoneId.of(tenant.regional().timezone());
        Map<String, String> errors = new LinkedHashMap<>();
        String kind;
        if ((limit == null) == (enabled == null)) {
            errors.put("limit", "give either a limit (for a metric) or enabled (for a feature)");
            kind = "";
        } else if (limit != null) {
            kind = EntitlementOverride.LIMIT;
            if (metering.metric(key).isEmpty()) {
                errors.put("key", "unknown metric '%s'".formatted(key));
            }
            if (limit < -1) {
                errors.put("limit", "must be -1 (unlimited) or 0 or more");
            }
        } else {
            kind = EntitlementOverride.FEATURE;
            if (!FEATURE_KEY.matcher(key).matches()) {
                errors.put("key", "feature names are lowercase letters, digits, dots and underscores");
            } else if (metering.metric(key).isPresent()) {
                errors.put("enabled", "'%s' is a metric: override it with a limit".formatted(key));
            }
        }
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        if (until != null && until.isBefore(today)) {
            errors.put("until", "is in the past (today is %s in %s)".formatted(today, zone));
        }
        if (reason == null || reason.isBlank()) {
            errors.put("reason", "is required");
        } else if (reason.length() > 1000) {
            errors.put("reason", "at most 1000 characters");
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("validation", "The override is not valid: " + errors, errors);
        }
        Optional<EntitlementOverride> before = lock(tenantId, key);
        Instant now = clock.instant();
        Instant expiresAt = until == null ? null : until.plusDays(1).atStartOfDay(zone).toInstant();
        jdbc.sql("""
                insert into entitlement_overrides (tenant_id, key, kind, limit_value, enabled, until_date, expires_at,
                                                   reason, created_by, created_at)
                values (:t, :key, :kind, :limit, :enabled, :until, :expires, :reason, :by, :now)
                on conflict (tenant_id, key) do update
                set kind = excluded.kind, limit_value = excluded.limit_value, enabled = excluded.enabled,
                    until_date = excluded.until_date, expires_at = excluded.expires_at, reason = excluded.reason,
                    created_by = excluded.created_by, created_at = excluded.created_at
                """).param("t", tenantId.value()).param("key", key).param("kind", kind).param("limit", limit)
                .param("enabled", enabled).param("until", until)
                .param("expires", expiresAt == null ? null : Timestamp.from(expiresAt)).param("reason", reason.trim())
                .param("by", Actor.current().id()).param("now", Timestamp.from(now)).update();
        EntitlementOverride after = lock(tenantId, key).orElseThrow();
        audit.record(AuditEntry.of("entitlement.override_set", tenantId, tenant.slug() + "/" + key,
                before.orElse(null), after));
        invalidation.tenantChanged(tenantId);
        return after;
    }

    @Override
    @Transactional
    public void remove(TenantId tenantId, String key, String reason) {
        Tenant tenant = tenants.require(tenantId);
        EntitlementOverride before = lock(tenantId, key)
                .orElseThrow(() -> ProblemException.notFound("Override", tenant.slug() + "/" + key));
        jdbc.sql("delete from entitlement_overrides where tenant_id = :t and key = :key").param("t", tenantId.value())
                .param("key", key).update();
        audit.record(AuditEntry.of("entitlement.override_removed", tenantId, tenant.slug() + "/" + key, before,
                Map.of("reason", reason == null || reason.isBlank() ? "-" : reason.trim())));
        invalidation.tenantChanged(tenantId);
    }

    private Optional<EntitlementOverride> lock(TenantId tenant, String key) {
        return jdbc.sql("select * from entitlement_overrides where tenant_id = :t and key = :key for update")
                .param("t", tenant.value()).param("key", key).query(JdbcOverrides::row).optional();
    }

    private static EntitlementOverride row(ResultSet rs, int n) throws SQLException {
        Object limit = rs.getObject("limit_value");
        Object enabled = rs.getObject("enabled");
        return new EntitlementOverride(rs.getString("key"), rs.getString("kind"),
                limit == null ? null : ((Number) limit).longValue(), (Boolean) enabled,
                rs.getObject("until_date", LocalDate.class), rs.getString("reason"), rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant());
    }
}
