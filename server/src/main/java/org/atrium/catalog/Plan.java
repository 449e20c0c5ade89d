package org.atrium.catalog;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.atrium.platform.Money;
import org.jspecify.annotations.Nullable;

/**
 * A plan as sold. Limits map metric keys to a maximum ({@code -1} = unlimited); features map flag names to on/off.
 *
 * @param trialDays the plan's own trial length, or null for the platform default
 */
public record Plan(UUID id, String slug, String name, @Nullable String description, String currency,
        Map<BillingCycle, Money> prices, Map<String, Long> limits, Map<String, Boolean> features,
        SupportLevel supportLevel, @Nullable Integer trialDays, boolean active, boolean recommended, int sortOrder,
        int version, Instant createdAt, Instant updatedAt) {

    public static final long UNLIMITED = -1;

    public Optional<Money> price(BillingCycle cycle) {
        return Optional.ofNullable(prices.get(cycle));
    }

    /** The limit of a metric: empty when the plan does not mention it, {@link #UNLIMITED} when unlimited. */
    public Optional<Long> limit(String metric) {
        return Optional.ofNullable(limits.get(metric));
    }
}
