package org.atrium.subscriptions;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import org.atrium.catalog.BillingCycle;

/**
 * Calendar periods anchored on a start date. Period n ends {@code n × months} after the anchor; because every end is
 * computed from the anchor (never from the previous end), a start on the 31st renews on the last day of shorter
 * months and returns to the 31st when the month has one.
 */
public final class BillingCalendar {

    private BillingCalendar() {
    }

    /** The first day after period {@code number} (1-based) of a subscription anchored on {@code anchor}. */
    public static LocalDate periodEnd(LocalDate anchor, BillingCycle cycle, int number) {
        return anchor.plusMonths((long) cycle.months() * number);
    }

    /** The first day of period {@code number}. */
    public static LocalDate periodStart(LocalDate anchor, BillingCycle cycle, int number) {
        return number <= 1 ? anchor : periodEnd(anchor, cycle, number - 1);
    }

    /** The instant a billing date begins in the tenant's timezone. */
    public static Instant startOf(LocalDate date, ZoneId zone) {
        return date.atStartOfDay(zone).toInstant();
    }

    /** The tenant-local date of an instant. */
    public static LocalDate dateOf(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toLocalDate();
    }

    public static long days(LocalDate fromInclusive, LocalDate toExclusive) {
        return ChronoUnit.DAYS.between(fromInclusive, toExclusive);
    }
}
