package org.atrium.metering;

import java.time.LocalDate;

import org.atrium.platform.TenantId;

/**
 * Published once per threshold (80 or 100 percent of the limit) per metric per period, in the transaction that took
 * the usage over it. Notifications subscribe to warn the tenant; entitlements to refresh caches on every node.
 *
 * @param periodStart first day of the period the threshold was crossed in (the day, or the billing period)
 * @param periodEnd   the day after its last day
 */
public record UsageThresholdCrossed(TenantId tenantId, String metric, int threshold, long current, long limit,
        LocalDate periodStart, LocalDate periodEnd) {
}
