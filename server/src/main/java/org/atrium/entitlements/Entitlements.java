package org.atrium.entitlements;

import org.atrium.platform.TenantId;

/**
 * "May tenant T do X?", for other modules in-process and for the API. Answers come from a cached snapshot of the
 * tenant's plan, overrides and status; a consuming check is one conditional update in the database, so concurrent
 * callers can never together exceed a limit.
 */
public interface Entitlements {

    /**
     * Checks a metric: whether {@code quantity} more fits under the limit. With {@code consume} the quantity is
     * also recorded, atomically with the check. A tenant that may not write is refused whatever its usage.
     *
     * @throws org.atrium.platform.ProblemException 400 {@code unknown-metric} for a metric the catalog lacks
     */
    CheckResult check(TenantId tenant, String metric, long quantity, boolean consume);

    /** Checks a feature flag; 400 {@code unknown-feature} for a name no plan or override knows. */
    CheckResult checkFeature(TenantId tenant, String feature);

    /**
     * Consumes {@code quantity} of a metric or refuses with a 403 problem: {@code limit-exceeded} (with
     * {@code current} and {@code limit}), {@code subscription-read-only} or {@code tenant-suspended}.
     */
    void consumeOrRefuse(TenantId tenant, String metric, long quantity);

    /** Refuses a write with a 403 problem ({@code subscription-read-only}, {@code tenant-suspended}) unless allowed. */
    void requireWriteAllowed(TenantId tenant);

    /** Whether the tenant's status lets it change data (trial, active, grace period). */
    boolean writeAllowed(TenantId tenant);

    /** The whole picture: status, features, every limit with its current usage. */
    EntitlementSnapshot snapshot(TenantId tenant);
}
