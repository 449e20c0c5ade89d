package org.atrium.metering;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A span of tenant-local dates, {@code start} inclusive and {@code end} exclusive, in the tenant's time zone. Used
 * for billing periods (per-cycle counters) and for days (daily counters).
 */
public record BillingPeriod(LocalDate start, LocalDate end, ZoneId zone) {

    public BillingPeriod {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(zone, "zone");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("A period must end after it starts: " + start + " .. " + end);
        }
    }

    /** The tenant-local day that contains {@code instant}. */
    public static BillingPeriod dayOf(Instant instant, ZoneId zone) {
        LocalDate day = instant.atZone(zone).toLocalDate();
        return new BillingPeriod(day, day.plusDays(1), zone);
    }

    /** The instant the period starts: local midnight of its first day. */
    public Instant startsAt() {
        return start.atStartOfDay(zone).toInstant();
    }

    /** The instant the period ends (exclusive): local midnight of {@code end}. */
    public Instant endsAt() {
        return end.atStartOfDay(zone).toInstant();
    }

    public boolean contains(Instant instant) {
        LocalDate day = instant.atZone(zone).toLocalDate();
        return !day.isBefore(start) && day.isBefore(end);
    }
}
