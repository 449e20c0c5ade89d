package org.atrium.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import org.atrium.billing.InvoiceDraft;
import org.atrium.billing.InvoiceLine;
import org.atrium.billing.InvoiceType;
import org.atrium.billing.TaxLine;
import org.atrium.billing.internal.TaxCalculation.Priced;
import org.atrium.operations.TaxRate;
import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.junit.jupiter.api.Test;

/** The tax step, with every expected amount worked out by hand in the comments. */
class InvoiceTaxTests {

    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Currency JPY = Currency.getInstance("JPY");

    @Test
    void exclusiveRateIsAddedOnTopOfTheNet() {
        // 2 × 50.00 = 100.00; 19% of 100.00 = 19.00; total 119.00.
        Priced priced = TaxCalculation.price(List.of(line("2", "50.00", EUR)), EUR, List.of(exclusive("19")));

        assertThat(priced.subtotal()).isEqualTo(eur("100.00"));
        assertThat(priced.taxes()).singleElement().satisfies(t -> {
            assertThat(t.amount()).isEqualTo(eur("19.00"));
            assertThat(t.base()).isEqualTo(eur("100.00"));
            assertThat(t.inclusive()).isFalse();
        });
        assertThat(priced.taxTotal()).isEqualTo(eur("19.00"));
        assertThat(priced.total()).isEqualTo(eur("119.00"));
    }

    @Test
    void exclusiveRateRoundsHalfEvenAtTheHalfCent() {
        // 5% of 0.50 = 0.025: the half goes to the even cent, 0.02 (half-up would say 0.03).
        assertThat(tax(exclusive("5"), "0.50")).isEqualTo(eur("0.02"));
        // 5% of 0.70 = 0.035: the even cent is 0.04.
        assertThat(tax(exclusive("5"), "0.70")).isEqualTo(eur("0.04"));
        // 21.5% of 11.00 = 2.365: the even cent is 2.36 (half-up would say 2.37).
        assertThat(tax(exclusive("21.5"), "11.00")).isEqualTo(eur("2.36"));
        // 19% of 10.01 = 1.9019: not a tie, plain rounding to 1.90.
        assertThat(tax(exclusive("19"), "10.01")).isEqualTo(eur("1.90"));
    }

    @Test
    void inclusiveRateIsExtractedFromTheGross() {
        // 119.00 contains 19%: 119.00 − 119.00 / 1.19 = 119.00 − 100.00 = 19.00; net 100.00, total stays 119.00.
        Priced priced = TaxCalculation.price(List.of(line("1", "119.00", EUR)), EUR, List.of(inclusive("19")));

        assertThat(priced.taxes()).singleElement().satisfies(t -> {
            assertThat(t.amount()).isEqualTo(eur("19.00"));
            assertThat(t.base()).isEqualTo(eur("119.00"));
            assertThat(t.inclusive()).isTrue();
        });
        assertThat(priced.subtotal()).isEqualTo(eur("100.00"));
        assertThat(priced.total()).isEqualTo(eur("119.00"));
    }

    @Test
    void inclusiveRateRoundsHalfEvenAtTheHalfCent() {
        // 60% included in 0.12: 0.12 − 0.12 / 1.6 = 0.12 − 0.075 = 0.045 → 0.04 (half-up would say 0.05).
        assertThat(tax(inclusive("60"), "0.12")).isEqualTo(eur("0.04"));
        // 100% included in 0.03: 0.03 − 0.015 = 0.015 → 0.02.
        assertThat(tax(inclusive("100"), "0.03")).isEqualTo(eur("0.02"));
        // 19% included in 10.00: 10.00 − 8.40336134… = 1.59663865… → 1.60; the net is 8.40.
        Priced priced = TaxCalculation.price(List.of(line("1", "10.00", EUR)), EUR, List.of(inclusive("19")));
        assertThat(priced.taxTotal()).isEqualTo(eur("1.60"));
        assertThat(priced.subtotal()).isEqualTo(eur("8.40"));
        assertThat(priced.total()).isEqualTo(eur("10.00"));
    }

    @Test
    void roundsOncePerInvoiceAndRateNotPerLine() {
        // Three lines of 0.10 at 5%: per line 0.005 would round to 0.00 three times; on the invoice,
        // 5% of 0.30 = 0.015 → 0.02.
        Priced priced = TaxCalculation.price(
                List.of(line("1", "0.10", EUR), line("1", "0.10", EUR), line("1", "0.10", EUR)), EUR,
                List.of(exclusive("5")));

        assertThat(priced.taxes()).hasSize(1);
        assertThat(priced.taxTotal()).isEqualTo(eur("0.02"));
        assertThat(priced.total()).isEqualTo(eur("0.32"));
    }

    @Test
    void roundsToTheCurrencysOwnMinorUnit() {
        // Yen have no minor unit: 10% of 105 = 10.5 → 10 (the even yen; half-up would say 11).
        Priced priced = TaxCalculation.price(List.of(line("1", "105", JPY)), JPY, List.of(exclusive("10")));

        assertThat(priced.taxTotal()).isEqualTo(new Money(new BigDecimal("10"), JPY));
        assertThat(priced.total()).isEqualTo(new Money(new BigDecimal("115"), JPY));
    }

    @Test
    void exclusiveRatesApplyToTheNetLeftAfterAnInclusiveOne() {
        // 110.00 with 10% included: 110.00 − 100.00 = 10.00; net 100.00; 5% added on the net = 5.00;
        // total = 110.00 + 5.00 = 115.00, and subtotal + taxes = 100.00 + 15.00.
        Priced priced = TaxCalculation.price(List.of(line("1", "110.00", EUR)), EUR,
                List.of(inclusive("10"), exclusive("5")));

        assertThat(priced.taxes()).extracting(TaxLine::amount).containsExactly(eur("10.00"), eur("5.00"));
        assertThat(priced.subtotal()).isEqualTo(eur("100.00"));
        assertThat(priced.taxTotal()).isEqualTo(eur("15.00"));
        assertThat(priced.total()).isEqualTo(eur("115.00"));
    }

    @Test
    void withoutRatesTheTotalIsTheSumOfTheLines() {
        // 3 × 9.99 = 29.97; 1.5 × 0.03 = 0.045 → 0.04 (the line's own rounding, half-even); sum 30.01.
        // The lines are rounded as issuing rounds them, by the draft check, not by this test's helper.
        InvoicePricing.Checked checked = InvoicePricing.check(InvoiceDraft.of(TenantId.of(UUID.randomUUID()),
                InvoiceType.ADJUSTMENT, "EUR", "sum-of-lines", List.of(InvoiceDraft.Line.of("Seats", "9.99").times("3"),
                        InvoiceDraft.Line.of("Calls", "0.03").times("1.5"))));
        assertThat(checked.lines()).extracting(InvoiceLine::amount).containsExactly(eur("29.97"), eur("0.04"));
        Priced priced = TaxCalculation.price(checked.lines(), EUR, List.of());

        assertThat(priced.taxes()).isEmpty();
        assertThat(priced.total()).isEqualTo(eur("30.01"));
        assertThat(priced.subtotal()).isEqualTo(eur("30.01"));
    }

    @Test
    void creditNoteGivesBackTheOriginalTaxesInProportion() {
        List<TaxLine> charged = List.of(new TaxLine("vat", "VAT", new BigDecimal("19"), false, eur("100.00"),
                eur("19.00")));

        // Half of 119.00: tax 59.50 × 19.00 / 119.00 = 9.50; net 50.00.
        Priced half = TaxCalculation.creditNote("Refund", eur("59.50"), eur("119.00"), charged);
        assertThat(half.taxTotal()).isEqualTo(eur("-9.50"));
        assertThat(half.subtotal()).isEqualTo(eur("-50.00"));
        assertThat(half.total()).isEqualTo(eur("-59.50"));
        assertThat(half.lines()).singleElement().satisfies(l -> assertThat(l.amount()).isEqualTo(eur("-50.00")));

        // 10.00 of 119.00: 10.00 × 19.00 / 119.00 = 1.5966… → 1.60; net 8.40.
        Priced part = TaxCalculation.creditNote("Refund", eur("10.00"), eur("119.00"), charged);
        assertThat(part.taxTotal()).isEqualTo(eur("-1.60"));
        assertThat(part.subtotal()).isEqualTo(eur("-8.40"));

        // All of it gives back exactly the 19.00 charged.
        Priced all = TaxCalculation.creditNote("Refund", eur("119.00"), eur("119.00"), charged);
        assertThat(all.taxTotal()).isEqualTo(eur("-19.00"));
        assertThat(all.subtotal()).isEqualTo(eur("-100.00"));
    }

    private static Money tax(TaxRate rate, String gross) {
        return TaxCalculation.price(List.of(line("1", gross, EUR)), EUR, List.of(rate)).taxTotal();
    }

    private static InvoiceLine line(String quantity, String unitPrice, Currency currency) {
        Money unit = new Money(new BigDecimal(unitPrice), currency);
        Money amount = Money.rounded(unit.amount().multiply(new BigDecimal(quantity)), currency);
        return new InvoiceLine("Line", new BigDecimal(quantity), unit, amount, null, null);
    }

    private static TaxRate exclusive(String rate) {
        return new TaxRate("tax-" + rate, "Tax " + rate + "%", new BigDecimal(rate), null, false);
    }

    private static TaxRate inclusive(String rate) {
        return new TaxRate("incl-" + rate, "Tax " + rate + "% incl.", new BigDecimal(rate), null, true);
    }

    private static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }
}
