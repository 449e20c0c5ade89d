package org.atrium.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import org.atrium.platform.Money;
import org.junit.jupiter.api.Test;

class ProrationQuoteTests {

    @Test
    void proratesByDaysLeftAndRoundsHalfEvenToTheMinorUnit() {
        // 29.00 × 20 / 31 = 18.7096… → 18.71; 79.00 × 20 / 31 = 50.9677… → 50.97
        assertThat(ProrationQuote.prorate(Money.of("29.00", "USD"), 20, 31)).isEqualTo(Money.of("18.71", "USD"));
        assertThat(ProrationQuote.prorate(Money.of("79.00", "USD"), 20, 31)).isEqualTo(Money.of("50.97", "USD"));
    }

    @Test
    void aTieRoundsToTheEvenMinorUnit() {
        // 1.00 × 1 / 8 = 0.125 → 0.12 (even), 1.00 × 3 / 8 = 0.375 → 0.38 (even)
        assertThat(ProrationQuote.prorate(Money.of("1.00", "USD"), 1, 8)).isEqualTo(Money.of("0.12", "USD"));
        assertThat(ProrationQuote.prorate(Money.of("1.00", "USD"), 3, 8)).isEqualTo(Money.of("0.38", "USD"));
    }

    @Test
    void roundsTheExactQuotientOnceNotAnIntermediateOne() {
        // 0.01 × 1 / 2 = 0.005 exactly → 0.00; a currency without minor units rounds to whole amounts.
        assertThat(ProrationQuote.prorate(Money.of("0.01", "USD"), 1, 2)).isEqualTo(Money.of("0.00", "USD"));
        assertThat(ProrationQuote.prorate(Money.of("1000", "JPY"), 1, 3)).isEqualTo(Money.of("333", "JPY"));
        assertThat(ProrationQuote.prorate(Money.of("1000", "JPY"), 2, 3)).isEqualTo(Money.of("667", "JPY"));
    }

    @Test
    void nothingLeftMeansNothingToCreditOrCharge() {
        assertThat(ProrationQuote.prorate(Money.of("29.00", "USD"), 0, 30)).isEqualTo(Money.of("0.00", "USD"));
    }
}
