package org.atrium.metering;

import org.atrium.catalog.MetricKind;
import org.jspecify.annotations.Nullable;

/**
 * A metric's usage now: the counter of the running period (day or billing period), or the current level.
 *
 * @param period the running period of a counter; null for a level
 */
public record CurrentUsage(String metric, MetricKind kind, long value, @Nullable BillingPeriod period) {
}
