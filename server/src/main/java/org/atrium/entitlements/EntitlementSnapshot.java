package org.atrium.entitlements;

import java.time.LocalDate;
import java.util.Map;

import org.atrium.catalog.MetricKind;
import org.atrium.tenancy.TenantStatus;
import org.jspecify.annotations.Nullable;

/**
 * Everything a tenant may do right now: its status and whether it may write, its features and every limit with the
 * current usage. The product caches it (the API gives it an ETag) and applies the same rules.
 *
 * @param warning set in the grace period: writes still work, but not for long
 */
public record EntitlementSnapshot(String tenant, String plan, TenantStatus status, boolean writeAllowed,
        @Nullable String warning, Map<String, FeatureEntitlement> features, Map<String, LimitEntitlement> limits) {

    /** A feature flag: on or off, and whether an override decides it (until a tenant-local date, inclusive). */
    public record FeatureEntitlement(boolean enabled, boolean overridden, @Nullable LocalDate overriddenUntil) {
    }

    /**
     * A limit with its usage. {@code limit} is {@code -1} when unlimited (then {@code remaining} is null). Counters
     * name their running period (tenant-local dates, end exclusive); levels have none.
     */
    public record LimitEntitlement(MetricKind kind, long limit, long current, @Nullable Long remaining,
            boolean overridden, @Nullable LocalDate overriddenUntil, @Nullable LocalDate periodStart,
            @Nullable LocalDate periodEnd) {
    }
}
