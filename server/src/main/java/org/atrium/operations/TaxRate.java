package org.atrium.operations;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * A configured tax.
 *
 * @param code      stable identifier ({@code vat-de}, {@code sales})
 * @param name      as printed on invoices ({@code VAT 19%})
 * @param rate      percentage, e.g. {@code 19} or {@code 7.5}
 * @param country   ISO 3166-1 alpha-2 country it applies to, or null for the default that applies everywhere else
 * @param inclusive true when prices already include this tax (it is then extracted, not added)
 */
public record TaxRate(String code, String name, BigDecimal rate, @Nullable String country, boolean inclusive) {
}
