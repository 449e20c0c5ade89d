package org.atrium.subscriptions;

import java.time.LocalDate;
import java.util.Locale;

import org.atrium.platform.Money;
import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What changing plan costs, as {@code preview-change} shows it and as {@code PUT …/subscription} carries it out (one
 * computation serves both). D = {@code daysInPeriod}, R = {@code daysLeft}; every proration rounds once, HALF_EVEN
 * to the minor unit ({@link #prorate}).
 * <ul>
 * <li>{@code upgrade} in the same cycle (the change day counts as used): credit = round(old price × R / D), charge =
 * round(new price × R / D), both before tax; {@code net} = charge − credit; {@code total} the net with tax.</li>
 * <li>{@code downgrade} in the same cycle, {@code effective=now} (the change day counts as used): credit =
 * round(paid × R / D) from {@code paid}, what the tenant actually paid for the current period (tax included, as it
 * was paid); charge = round(new price × R / D) before tax; {@code total} = charge with tax − credit.</li>
 * <li>{@code new_period}, any change of cycle that takes effect now: the current period ends on the change day
 * (R counts from it), credit = round(paid × R / D), and a full period of the new cycle starts that day: charge = its
 * price before tax; {@code total} = charge with tax − credit.</li>
 * <li>{@code effective=period_end}: nothing is charged or credited now; the new plan starts with the next period.</li>
 * </ul>
 * An unpaid current period credits nothing: its open invoice is voided, and the part of it already used
 * ({@code usedUnpaid}: invoiced − round(invoiced × R / D), before tax) is charged with the change, on an invoice left
 * open until the voided one's due date. A negative {@code total} is credited to the wallet.
 *
 * @param periodEnd           the end (exclusive) of the current period
 * @param resultingPeriodStart the first day of the period the subscription is in after the change
 * @param resultingPeriodEnd   the end (exclusive) of that period: when it next renews
 */
public record ProrationQuote(String fromPlan, String fromCycle, String toPlan, String toCycle, Kind kind,
        LocalDate changeDate, LocalDate periodEnd, long daysInPeriod, long daysLeft, Money credit, Money charge,
        Money net, Money total, EffectiveWhen effective, @Nullable Money paid, @Nullable Money usedUnpaid,
        LocalDate resultingPeriodStart, LocalDate resultingPeriodEnd) {

    /** Which of the rules above prices the change. */
    public enum Kind {
        UPGRADE, DOWNGRADE, NEW_PERIOD;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Rounds {@code price × daysLeft / daysInPeriod} to the minor unit, HALF_EVEN: the one proration rounding. */
    public static Money prorate(Money price, long daysLeft, long daysInPeriod) {
        if (daysInPeriod <= 0) {
            return Money.zero(price.currency());
        }
        // BigDecimal.divide with a scale rounds the exact quotient once: no double rounding.
        java.math.BigDecimal rounded = price.amount().multiply(java.math.BigDecimal.valueOf(daysLeft)).divide(
                java.math.BigDecimal.valueOf(daysInPeriod), Money.minorDigits(price.currency()),
                java.math.RoundingMode.HALF_EVEN);
        return new Money(rounded, price.currency());
    }
}
