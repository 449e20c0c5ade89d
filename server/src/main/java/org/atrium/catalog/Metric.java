package org.atrium.catalog;

import org.jspecify.annotations.Nullable;

/** A named quantity that plan limits refer to ({@code max_shipments}, {@code max_users}, {@code api_calls_daily}). */
public record Metric(String key, MetricKind kind, String description, @Nullable String unit) {
}
