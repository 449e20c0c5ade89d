package org.atrium.billing;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.atrium.platform.Money;
import org.jspecify.annotations.Nullable;

/**
 * One line of an invoice.
 *
 * @param amount quantity × unit price, rounded HALF_EVEN to the currency's minor unit
 */
public record InvoiceLine(String description, BigDecimal quantity, Money unitPrice, Money amount,
        @Nullable LocalDate periodFrom, @Nullable LocalDate periodTo) {
}
