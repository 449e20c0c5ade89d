package org.atrium.catalog;

import java.math.BigDecimal;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A plan as the owner writes it (create, or the document a merge patch applies to). Prices are keyed by cycle code
 * ({@code monthly}, {@code annual} …) and given in the plan's currency.
 */
public record PlanDefinition(@Nullable String slug, @Nullable String name, @Nullable String description,
        @Nullable String currency, @Nullable Map<String, BigDecimal> prices, @Nullable Map<String, Long> limits,
        @Nullable Map<String, Boolean> features, @Nullable String supportLevel, @Nullable Integer trialDays,
        @Nullable Boolean active, @Nullable Boolean recommended, @Nullable Integer sortOrder) {
}
