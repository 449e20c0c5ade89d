package org.atrium.payments;

import java.time.Instant;
import java.util.List;

import org.atrium.platform.Money;

/** Platform-wide sums over recharges, for the HQ's figures (staff only). */
public interface RechargeFigures {

    /** How many recharges, and their sum, in one currency. */
    record Total(long recharges, Money amount) {
    }

    /** Recharges paid in {@code [from, to)}, by currency (a later refund does not lower the figure). */
    List<Total> paid(Instant from, Instant to);
}
