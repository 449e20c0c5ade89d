package org.atrium.metering;

import java.time.Instant;

import org.atrium.platform.TenantId;

/**
 * The billing periods of a tenant, on which per-cycle counters reset. Periods are tenant-local dates.
 * <p>
 * Until the {@code subscriptions} module provides the real periods, the implementation anchors monthly periods on
 * the tenant's creation date in its time zone. A subscription-backed implementation replaces it by being declared
 * as a bean of this type (see {@code CreationAnchoredBillingPeriods}).
 */
public interface BillingPeriods {

    /** The period running now, by the injected clock. */
    BillingPeriod current(TenantId tenant);

    /** The period that contains {@code instant}: the current one, or a closed (or, near a boundary, next) one. */
    BillingPeriod containing(TenantId tenant, Instant instant);
}
