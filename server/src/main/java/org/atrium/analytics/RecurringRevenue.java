package org.atrium.analytics;

import java.util.List;

import org.atrium.platform.Money;

/**
 * Recurring revenue in one currency. {@code mrr}: the sum, over paying subscriptions (active or in their grace
 * period), of their plan's list price for their cycle divided by the cycle's months (an annual price counts a
 * twelfth, a quarterly one a third), before tax, rounded once to the currency's minor unit (half-even) after the
 * sum. {@code arr} is twelve times {@code mrr}. Trials and read-only, suspended, cancelled or expired
 * subscriptions count nothing.
 *
 * @param subscriptions how many paying subscriptions it counts
 * @param unpriced      subscriptions counted whose plan has no price for their cycle any more (they add nothing)
 */
public record RecurringRevenue(Money mrr, Money arr, long subscriptions, long unpriced) {

    /** One currency's figure in a list of several, or none. */
    public static java.util.Optional<RecurringRevenue> in(List<RecurringRevenue> all, String currency) {
        return all.stream().filter(r -> r.mrr().currencyCode().equals(currency)).findFirst();
    }
}
