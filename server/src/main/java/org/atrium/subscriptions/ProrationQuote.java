package org.atrium.subscriptions;

import java.time.LocalDate;

import org.atrium.platform.Money;

/**
 * What changing plan now costs. With {@code daysInPeriod} D and {@code daysLeft} R (the change day counts as used):
 * credit = round(old price × R / D), charge = round(new price × R / D), HALF_EVEN to the minor unit; {@code net} =
 * charge − credit before tax, {@code total} the net with tax as it would be invoiced (negative: credited).
 */
public record ProrationQuote(String fromPlan, String fromCycle, String toPlan, String toCycle, String kind,
        LocalDate changeDate, LocalDate periodEnd, long daysInPeriod, long daysLeft, Money credit, Money charge,
        Money net, Money total, String effective) {

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
