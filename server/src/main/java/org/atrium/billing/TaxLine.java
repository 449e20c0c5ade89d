package org.atrium.billing;

import java.math.BigDecimal;

import org.atrium.platform.Money;

/**
 * A tax on an invoice, computed once per invoice and rate.
 *
 * @param rate      percentage
 * @param inclusive true when the lines already contained it (it was extracted from {@code base}); false when it was
 *                  added on top of {@code base}
 * @param base      what the rate was applied to: the gross of the lines for an inclusive tax, the net for an
 *                  exclusive one
 */
public record TaxLine(String code, String name, BigDecimal rate, boolean inclusive, Money base, Money amount) {
}
