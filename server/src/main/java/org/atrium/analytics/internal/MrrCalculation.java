package org.atrium.analytics.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import org.atrium.analytics.RecurringRevenue;
import org.atrium.catalog.Plan;
import org.atrium.platform.Money;
import org.atrium.subscriptions.SubscriptionFigures.PlanCount;

/**
 * Monthly recurring revenue from paying subscriptions counted by plan and cycle: each plan's list price for the
 * cycle times the count, divided by the cycle's months, summed exactly per currency and rounded once
 * (half-even, the currency's minor unit) at the end. Pure: the plans come in as a lookup.
 */
final class MrrCalculation {

    /** Digits kept for a share of a price until the one rounding: far below a cent at any count. */
    private static final int EXACT_SCALE = 12;

    private MrrCalculation() {
    }

    static List<RecurringRevenue> of(List<PlanCount> paying, Function<String, Optional<Plan>> plans) {
        Map<String, BigDecimal> exact = new TreeMap<>();
        Map<String, long[]> counts = new TreeMap<>();
        for (PlanCount count : paying) {
            Optional<Plan> plan = plans.apply(count.plan());
            Optional<Money> price = plan.flatMap(p -> p.price(count.cycle()));
            String currency = price.map(Money::currencyCode).or(() -> plan.map(Plan::currency)).orElse(null);
            if (currency == null) {
                continue; // a plan that no longer exists: nothing to price it with, nor a currency to count it in
            }
            long[] c = counts.computeIfAbsent(currency, k -> new long[2]);
            c[0] += count.subscriptions();
            if (price.isEmpty()) {
                c[1] += count.subscriptions();
                exact.putIfAbsent(currency, BigDecimal.ZERO);
                continue;
            }
            BigDecimal monthly = price.get().amount().multiply(BigDecimal.valueOf(count.subscriptions()))
                    .divide(BigDecimal.valueOf(count.cycle().months()), EXACT_SCALE, RoundingMode.HALF_EVEN);
            exact.merge(currency, monthly, BigDecimal::add);
        }
        return exact.entrySet().stream().map(e -> {
            Money mrr = Money.rounded(e.getValue(), Currency.getInstance(e.getKey()));
            Money arr = new Money(mrr.amount().multiply(BigDecimal.valueOf(12)), mrr.currency());
            long[] c = counts.get(e.getKey());
            return new RecurringRevenue(mrr, arr, c[0], c[1]);
        }).toList();
    }
}
