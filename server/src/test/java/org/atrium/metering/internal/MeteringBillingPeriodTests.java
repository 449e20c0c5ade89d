package org.atrium.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;

import org.atrium.metering.BillingPeriod;
import org.junit.jupiter.api.Test;

class MeteringBillingPeriodTests {

    private static BillingPeriod periodOf(String anchor, String day) {
        return CreationAnchoredBillingPeriods.monthly(LocalDate.parse(anchor), LocalDate.parse(day), ZoneOffset.UTC);
    }

    @Test
    void periodsRunFromAnniversaryToAnniversary() {
        assertThat(periodOf("2027-01-15", "2027-01-15")).extracting(BillingPeriod::start, BillingPeriod::end)
                .containsExactly(LocalDate.of(2027, 1, 15), LocalDate.of(2027, 2, 15));
        assertThat(periodOf("2027-01-15", "2027-02-14")).extracting(BillingPeriod::start, BillingPeriod::end)
                .containsExactly(LocalDate.of(2027, 1, 15), LocalDate.of(2027, 2, 15));
        assertThat(periodOf("2027-01-15", "2027-02-15")).extracting(BillingPeriod::start, BillingPeriod::end)
                .containsExactly(LocalDate.of(2027, 2, 15), LocalDate.of(2027, 3, 15));
        assertThat(periodOf("2027-01-15", "2027-03-20")).extracting(BillingPeriod::start, BillingPeriod::end)
                .containsExactly(LocalDate.of(2027, 3, 15), LocalDate.of(2027, 4, 15));
    }

    @Test
    void anchorOnThe31stFallsBackToTheMonthsLastDayAndReturnsToThe31st() {
        // January 31 → February 28 (2027 is not a leap year) → March 31 → April 30 → May 31
        assertThat(periodOf("2027-01-31", "2027-02-27").end()).isEqualTo(LocalDate.of(2027, 2, 28));
        assertThat(periodOf("2027-01-31", "2027-02-28")).extracting(BillingPeriod::start, BillingPeriod::end)
                .containsExactly(LocalDate.of(2027, 2, 28), LocalDate.of(2027, 3, 31));
        assertThat(periodOf("2027-01-31", "2027-03-31")).extracting(BillingPeriod::start, BillingPeriod::end)
                .containsExactly(LocalDate.of(2027, 3, 31), LocalDate.of(2027, 4, 30));
        assertThat(periodOf("2027-01-31", "2027-05-01")).extracting(BillingPeriod::start, BillingPeriod::end)
                .containsExactly(LocalDate.of(2027, 4, 30), LocalDate.of(2027, 5, 31));
        // In a leap year February ends on the 29th
        assertThat(periodOf("2028-01-31", "2028-02-29").start()).isEqualTo(LocalDate.of(2028, 2, 29));
    }

    @Test
    void daysBeforeTheAnchorFallInEarlierPeriods() {
        assertThat(periodOf("2027-03-15", "2027-02-01")).extracting(BillingPeriod::start, BillingPeriod::end)
                .containsExactly(LocalDate.of(2027, 1, 15), LocalDate.of(2027, 2, 15));
    }

    @Test
    void thresholdsAreCrossedOnceAtTheirMark() {
        // 80 % of 10 is 8, 100 % is 10
        assertThat(Thresholds.crossed(0, 7, 10)).isEmpty();
        assertThat(Thresholds.crossed(7, 8, 10)).containsExactly(80);
        assertThat(Thresholds.crossed(8, 9, 10)).isEmpty();
        assertThat(Thresholds.crossed(9, 12, 10)).containsExactly(100);
        assertThat(Thresholds.crossed(0, 10, 10)).containsExactly(80, 100);
        // 80 % of 7 is 5.6: the sixth unit reaches it
        assertThat(Thresholds.crossed(5, 6, 7)).containsExactly(80);
        assertThat(Thresholds.crossed(0, 100, -1)).isEmpty();
    }
}
