package org.atrium.billing.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import org.atrium.billing.InvoiceLine;
import org.atrium.billing.TaxLine;
import org.atrium.operations.TaxRate;
import org.atrium.platform.Money;

/**
 * The tax step of an invoice. Rounding happens here, HALF_EVEN to the currency's minor unit, once per invoice and
 * rate:
 * <ul>
 * <li>an inclusive rate extracts {@code round(gross − gross / (1 + rate/100))} from the gross of the lines;</li>
 * <li>an exclusive rate adds {@code round(net × rate / 100)}, where the net is the gross less the inclusive taxes
 * (the gross itself when no rate is inclusive).</li>
 * </ul>
 * The result always satisfies {@code subtotal + taxTotal = total}, with the subtotal being the net.
 */
final class TaxCalculation {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** Digits kept by the division before the one rounding; far beyond any tie a real rate can produce. */
    private static final int EXACT_SCALE = 20;

    private TaxCalculation() {
    }

    static Priced price(List<InvoiceLine> lines, Currency currency, List<TaxRate> rates) {
        Money gross = Money.zero(currency);
        for (InvoiceLine line : lines) {
            gross = gross.plus(line.amount());
        }
        List<TaxLine> taxes = new ArrayList<>();
        Money included = Money.zero(currency);
        for (TaxRate rate : rates) {
            if (rate.inclusive()) {
                BigDecimal divisor = BigDecimal.ONE.add(rate.rate().divide(HUNDRED));
                BigDecimal exact = gross.amount()
                        .subtract(gross.amount().divide(divisor, EXACT_SCALE, RoundingMode.HALF_EVEN));
                Money tax = Money.rounded(exact, currency);
                taxes.add(new TaxLine(rate.code(), rate.name(), rate.rate(), true, gross, tax));
                included = included.plus(tax);
            }
        }
        Money net = gross.minus(included);
        Money added = Money.zero(currency);
        for (TaxRate rate : rates) {
            if (!rate.inclusive()) {
                Money tax = Money.rounded(net.amount().multiply(rate.rate()).divide(HUNDRED), currency);
                taxes.add(new TaxLine(rate.code(), rate.name(), rate.rate(), false, net, tax));
                added = added.plus(tax);
            }
        }
        Money taxTotal = included.plus(added);
        return new Priced(List.copyOf(lines), List.copyOf(taxes), net, taxTotal, net.plus(taxTotal));
    }

    /**
     * The taxes of a credit note that gives back {@code refund} of {@code original}: each of the original's taxes
     * in proportion, {@code round(refund × tax / total)}, so that a full refund gives back exactly the taxes charged.
     * The credit note states them on top of its net line, and all its amounts are negative.
     */
    static Priced creditNote(String description, Money refund, Money originalTotal, List<TaxLine> originalTaxes) {
        Currency currency = refund.currency();
        List<Money> shares = new ArrayList<>();
        Money taxTotal = Money.zero(currency);
        for (TaxLine tax : originalTaxes) {
            Money share = Money.rounded(refund.amount().multiply(tax.amount().amount())
                    .divide(originalTotal.amount(), EXACT_SCALE, RoundingMode.HALF_EVEN), currency);
            shares.add(share);
            taxTotal = taxTotal.plus(share);
        }
        Money net = refund.minus(taxTotal);
        List<TaxLine> taxes = new ArrayList<>();
        for (int i = 0; i < originalTaxes.size(); i++) {
            TaxLine tax = originalTaxes.get(i);
            taxes.add(new TaxLine(tax.code(), tax.name(), tax.rate(), false, net.negate(), shares.get(i).negate()));
        }
        InvoiceLine line = new InvoiceLine(description, BigDecimal.ONE, net.negate(), net.negate(), null, null);
        return new Priced(List.of(line), List.copyOf(taxes), net.negate(), taxTotal.negate(), refund.negate());
    }

    /** Lines, taxes and the three totals of an invoice. */
    record Priced(List<InvoiceLine> lines, List<TaxLine> taxes, Money subtotal, Money taxTotal, Money total) {
    }
}
