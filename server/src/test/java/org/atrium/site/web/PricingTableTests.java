package org.atrium.site.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.atrium.catalog.BillingCycle;
import org.atrium.catalog.Metric;
import org.atrium.catalog.MetricKind;
import org.atrium.catalog.Plan;
import org.atrium.catalog.SupportLevel;
import org.atrium.platform.Money;
import org.junit.jupiter.api.Test;

class PricingTableTests {

    private static final Currency USD = Currency.getInstance("USD");
    private static final Currency JPY = Currency.getInstance("JPY");

    @Test
    void annualSavingIsTheDifferenceToTwelveMonthlyPaymentsWithItsWholePercentage() {
        // 12 × 79.00 = 948.00; 948.00 − 790.00 = 158.00; 158 / 948 = 16.67 % → 17 %.
        assertThat(PricingTable.savingText(usd("79.00"), usd("790.00"), BillingCycle.ANNUAL, Locale.US))
                .isEqualTo("Save $158.00 a year (17%)");
        // 12 × 10.00 = 120.00; 120.00 − 114.00 = 6.00; 6 / 120 = 5 %.
        assertThat(PricingTable.savingText(usd("10.00"), usd("114.00"), BillingCycle.ANNUAL, Locale.US))
                .isEqualTo("Save $6.00 a year (5%)");
    }

    @Test
    void noSavingWhenTheLongerCycleCostsAsMuchOrMore() {
        assertThat(PricingTable.savingText(usd("10.00"), usd("120.00"), BillingCycle.ANNUAL, Locale.US)).isNull();
        assertThat(PricingTable.savingText(usd("10.00"), usd("130.00"), BillingCycle.ANNUAL, Locale.US)).isNull();
        assertThat(PricingTable.savingText(usd("0.00"), usd("0.00"), BillingCycle.ANNUAL, Locale.US)).isNull();
    }

    @Test
    void moneyIsWrittenInTheViewersLocaleWithTheCurrencysOwnDigits() {
        assertThat(PricingTable.money(usd("1234.50"), Locale.US)).isEqualTo("$1,234.50");
        assertThat(PricingTable.money(usd("1234.50"), Locale.GERMANY)).isEqualTo("1.234,50\u00a0$");
        assertThat(PricingTable.money(new Money(new BigDecimal("1500"), JPY), Locale.JAPAN)).isEqualTo("￥1,500");
    }

    @Test
    void comparesEveryLimitAndFeatureAnyPlanNamesInCardOrder() {
        Plan small = plan("small", "10.00", "100.00", Map.of("max_users", 2L), Map.of("api_access", false), false);
        Plan big = plan("big", "50.00", "500.00", Map.of("max_users", -1L, "storage_gb", 1500L),
                Map.of("api_access", true, "custom_branding", true), true);
        List<Metric> metrics = List.of(new Metric("storage_gb", MetricKind.LEVEL, "Storage used", "GB"),
                new Metric("max_users", MetricKind.LEVEL, "Active staff users", "users"));

        PricingTable table = PricingTable.of(List.of(small, big), metrics, BillingCycle.MONTHLY, 14, Locale.US);

        assertThat(table.cards()).extracting(PricingTable.Card::slug).containsExactly("small", "big");
        assertThat(table.cards()).extracting(PricingTable.Card::price).containsExactly("$10.00", "$50.00");
        assertThat(table.cards()).extracting(PricingTable.Card::saving).containsOnlyNulls();
        assertThat(table.cards().get(1).recommended()).isTrue();
        // Metrics in the catalogue's order; a limit a plan does not name is a dash; -1 is unlimited.
        assertThat(table.limits()).containsExactly(
                new PricingTable.Row("Storage used", List.of("—", "1,500")),
                new PricingTable.Row("Active staff users", List.of("2", "Unlimited")));
        assertThat(table.features()).containsExactly(
                new PricingTable.FeatureRow("API access", List.of(false, true)),
                new PricingTable.FeatureRow("Custom branding", List.of(false, true)));
        assertThat(table.currencies()).containsExactly("USD");
    }

    @Test
    void aPlanWithoutAPriceForTheCycleIsNotOffered() {
        Plan monthlyOnly = plan("monthly-only", "10.00", null, Map.of(), Map.of(), false);
        Plan both = plan("both", "10.00", "100.00", Map.of(), Map.of(), false);

        PricingTable table = PricingTable.of(List.of(monthlyOnly, both), List.of(), BillingCycle.ANNUAL, 14,
                Locale.US);

        assertThat(table.cards()).extracting(PricingTable.Card::slug).containsExactly("both");
        // 120.00 − 100.00 = 20.00 of 120.00 = 16.67 % → 17 %
        assertThat(table.cards().get(0).saving()).isEqualTo("Save $20.00 a year (17%)");
        assertThat(table.cards().get(0).per()).isEqualTo("year");
    }

    private static Plan plan(String slug, String monthly, String annual, Map<String, Long> limits,
            Map<String, Boolean> features, boolean recommended) {
        Map<BillingCycle, Money> prices = new LinkedHashMap<>();
        prices.put(BillingCycle.MONTHLY, usd(monthly));
        if (annual != null) {
            prices.put(BillingCycle.ANNUAL, usd(annual));
        }
        return new Plan(UUID.randomUUID(), slug, slug, null, "USD", prices, limits, features, SupportLevel.EMAIL, null,
                true, recommended, 0, 1, Instant.EPOCH, Instant.EPOCH);
    }

    private static Money usd(String amount) {
        return new Money(new BigDecimal(amount), USD);
    }
}
