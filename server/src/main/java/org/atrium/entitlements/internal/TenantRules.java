package org.atrium.entitlements.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.OptionalLong;

import org.atrium.entitlements.EntitlementOverride;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.TenantStatus;

/**
 * What a tenant may do, as cached: its status, its plan's limits and features, and its overrides in force. Valid
 * until the first override in it expires (or until the cache lets it go).
 */
record TenantRules(TenantId id, String slug, TenantStatus status, String plan, ZoneId zone,
        Map<String, Long> planLimits, Map<String, Boolean> planFeatures, Map<String, EntitlementOverride> overrides,
        Instant validUntil) {

    /** The effective limit: the override's, else the plan's; empty when neither mentions the metric. */
    public OptionalLong limit(String metric) {
        EntitlementOverride o = overrides.get(metric);
        if (o != null && EntitlementOverride.LIMIT.equals(o.kind()) && o.limit() != null) {
            return OptionalLong.of(o.limit());
        }
        Long planned = planLimits.get(metric);
        return planned == null ? OptionalLong.empty() : OptionalLong.of(planned);
    }

    public boolean feature(String name) {
        EntitlementOverride o = overrides.get(name);
        if (o != null && EntitlementOverride.FEATURE.equals(o.kind()) && o.enabled() != null) {
            return o.enabled();
        }
        return Boolean.TRUE.equals(planFeatures.get(name));
    }

    public boolean knowsFeature(String name) {
        EntitlementOverride o = overrides.get(name);
        return planFeatures.containsKey(name) || o != null && EntitlementOverride.FEATURE.equals(o.kind());
    }
}
