package org.atrium.billing;

import java.time.Instant;
import java.util.List;

import org.atrium.platform.Money;

/** Platform-wide sums over invoices, for the HQ's figures (staff only). */
public interface InvoiceFigures {

    /** How many invoices, and their sum, in one currency. */
    record Total(long invoices, Money amount) {
    }

    /**
     * Invoices of a type paid in {@code [from, to)}, by currency: what was paid on them (the total; a later refund
     * is a credit note of its own and does not lower it). Cancelled invoices count nothing.
     */
    List<Total> paid(InvoiceType type, Instant from, Instant to);

    /** Invoices in a status, by currency, with what is still due on them. */
    List<Total> due(InvoiceStatus status);
}
