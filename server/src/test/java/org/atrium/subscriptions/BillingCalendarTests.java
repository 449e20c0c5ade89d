package org.atrium.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.atrium.catalog.BillingCycle;
import org.junit.jupiter.api.Test;

class BillingCalendarTests {

    @Test
    void monthlyPeriodsAnchoredOnThe31stUseTheLastDayOfShorterMonthsAndReturnToThe31st() {
        LocalDate anchor = LocalDate.of(2027, 1, 31);
        assertThat(BillingCalendar.periodEnd(anchor, BillingCycle.MONTHLY, 1)).isEqualTo("2027-02-28");
        assertThat(BillingCalendar.periodEnd(anchor, BillingCycle.MONTHLY, 2)).isEqualTo("2027-03-31");
        assertThat(BillingCalendar.periodEnd(anchor, BillingCycle.MONTHLY, 3)).isEqualTo("2027-04-30");
        assertThat(BillingCalendar.periodEnd(anchor, BillingCycle.MONTHLY, 4)).isEqualTo("2027-05-31");
        assertThat(BillingCalendar.periodStart(anchor, BillingCycle.MONTHLY, 3)).isEqualTo("2027-03-31");
    }

    @Test
    void leapYearsGiveFebruaryIts29thDay() {
        LocalDate anchor = LocalDate.of(2028, 1, 30);
        assertThat(BillingCalendar.periodEnd(anchor, BillingCycle.MONTHLY, 1)).isEqualTo("2028-02-29");
        assertThat(BillingCalendar.periodEnd(anchor, BillingCycle.MONTHLY, 2)).isEqualTo("2028-03-30");
    }

    @Test
    void quarterlySemiannualAndAnnualCyclesCountCalendarMonths() {
        LocalDate anchor = LocalDate.of(2026, 11, 30);
        assertThat(BillingCalendar.periodEnd(anchor, BillingCycle.QUARTERLY, 1)).isEqualTo("2027-02-28");
        assertThat(BillingCalendar.periodEnd(anchor, BillingCycle.QUARTERLY, 2)).isEqualTo("2027-05-30");
        assertThat(BillingCalendar.periodEnd(anchor, BillingCycle.SEMIANNUAL, 1)).isEqualTo("2027-05-30");
        assertThat(BillingCalendar.periodEnd(LocalDate.of(2028, 2, 29), BillingCycle.ANNUAL, 1)).isEqualTo("2029-02-28");
        assertThat(BillingCalendar.periodEnd(LocalDate.of(2028, 2, 29), BillingCycle.ANNUAL, 4)).isEqualTo("2032-02-29");
    }

    @Test
    void aSubscriptionStartedOnJanuary15RenewsOnThe15thOfEveryMonth() {
        LocalDate anchor = LocalDate.of(2027, 1, 15);
        for (int n = 1; n <= 12; n++) {
            assertThat(BillingCalendar.periodEnd(anchor, BillingCycle.MONTHLY, n).getDayOfMonth()).isEqualTo(15);
        }
    }
}
