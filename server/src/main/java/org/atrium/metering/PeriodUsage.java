package org.atrium.metering;

import java.time.LocalDate;

/** The total of a counter metric in one period, tenant-local dates, {@code end} exclusive. */
public record PeriodUsage(String metric, LocalDate start, LocalDate end, long value, boolean closed) {
}
