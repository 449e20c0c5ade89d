package org.atrium.portal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.atrium.catalog.BillingCycle;
import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.atrium.subscriptions.Subscription;
import org.atrium.subscriptions.SubscriptionStatus;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.TenantStatus;
import org.junit.jupiter.api.Test;

class BannersTests {

    static final TenantId ID = new TenantId(UUID.fromString("01900000-0000-7000-8000-0000000000aa"));
    static final LocalDate TODAY = LocalDate.parse("2026-12-02");
    static final Money STARTER = Money.of("29.00", "USD");

    @Test
    void aTrialSaysHowManyDaysAreLeftAndToAddFundsBeforeItEndsWhenTheWalletFallsShort() {
        // The trial ends on 2026-12-12: 10 days after 2026-12-02. The wallet holds 5.00 of the 29.00 due.
        List<Banners.Banner> banners = Banners.of(tenant(TenantStatus.TRIAL), subscription(SubscriptionStatus.TRIAL,
                "2026-11-28", "2026-12-12", null), STARTER, Money.of("5.00", "USD"), List.of(), TODAY);
        assertThat(banners).singleElement().satisfies(b -> {
            assertThat(b.id()).isEqualTo("trial");
            assertThat(b.level()).isEqualTo("warning");
            assertThat(b.title()).isEqualTo("Your trial ends in 10 days, on 2026-12-12");
            assertThat(b.text()).isEqualTo("Add funds before 2026-12-12: the first period costs 29.00 USD and your "
                    + "wallet holds 5.00 USD.");
            assertThat(b.linkPath()).isEqualTo("/wallet");
        });
    }

    @Test
    void aTrialTheWalletCoversIsOnlyInformation() {
        List<Banners.Banner> banners = Banners.of(tenant(TenantStatus.TRIAL), subscription(SubscriptionStatus.TRIAL,
                "2026-11-28", "2026-12-03", null), STARTER, Money.of("29.00", "USD"), List.of(), TODAY);
        assertThat(banners).singleElement().satisfies(b -> {
            assertThat(b.level()).isEqualTo("info");
            assertThat(b.title()).isEqualTo("Your trial ends in 1 day, on 2026-12-03");
        });
    }

    @Test
    void theGracePeriodSaysByWhichDayToPay() {
        // Grace ends at 2026-12-09T00:00Z, in UTC the 9th.
        List<Banners.Banner> banners = Banners.of(tenant(TenantStatus.GRACE_PERIOD),
                subscription(SubscriptionStatus.GRACE_PERIOD, "2026-11-02", "2026-12-02",
                        Instant.parse("2026-12-09T00:00:00Z")), STARTER, Money.zero("USD"), List.of(), TODAY);
        assertThat(banners).singleElement().satisfies(b -> {
            assertThat(b.id()).isEqualTo("grace");
            assertThat(b.title()).isEqualTo("Payment overdue: pay by 2026-12-09");
        });
    }

    @Test
    void anActiveSubscriptionWarnsOnlyWhenTheWalletCannotPayTheRenewal() {
        Subscription active = subscription(SubscriptionStatus.ACTIVE, "2026-11-20", "2026-12-20", null);
        assertThat(Banners.of(tenant(TenantStatus.ACTIVE), active, STARTER, Money.of("29.00", "USD"), List.of(),
                TODAY)).isEmpty();
        assertThat(Banners.of(tenant(TenantStatus.ACTIVE), active, STARTER, Money.of("28.99", "USD"), List.of(),
                TODAY)).singleElement().satisfies(b -> assertThat(b.title()).isEqualTo("Add funds before 2026-12-20"));
    }

    @Test
    void readOnlyAndSuspendedSayWhatIsBlockedAndHowToRestore() {
        Subscription readOnly = subscription(SubscriptionStatus.READ_ONLY, "2026-11-02", "2026-12-02", null);
        assertThat(Banners.of(tenant(TenantStatus.READ_ONLY), readOnly, STARTER, Money.zero("USD"), List.of(), TODAY))
                .singleElement().satisfies(b -> {
                    assertThat(b.level()).isEqualTo("danger");
                    assertThat(b.text()).startsWith("Blocked: every change").contains("To restore it, pay");
                });
        Tenant byStaff = new Tenant(ID, "acme", "Acme", null, TenantStatus.ACTIVE,
                new Tenant.Suspension("Chargeback", Instant.parse("2026-12-01T10:00:00Z"), "staff"), "starter",
                Tenant.Contact.EMPTY, new Tenant.Regional("UTC", "USD", "en-US"), Map.of(), 3,
                Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T10:00:00Z"), null);
        assertThat(Banners.of(byStaff, readOnly, STARTER, Money.zero("USD"), List.of(), TODAY)).singleElement()
                .satisfies(b -> assertThat(b.text()).startsWith("Reason: Chargeback.").contains("contact the platform"));
    }

    private static Tenant tenant(TenantStatus status) {
        return new Tenant(ID, "acme", "Acme", null, status, null, "starter", Tenant.Contact.EMPTY,
                new Tenant.Regional("UTC", "USD", "en-US"), Map.of(), 1, Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-01T00:00:00Z"), null);
    }

    private static Subscription subscription(SubscriptionStatus status, String start, String end,
            Instant graceEndsAt) {
        LocalDate s = LocalDate.parse(start);
        LocalDate e = LocalDate.parse(end);
        return new Subscription(UUID.fromString("01900000-0000-7000-8000-0000000000bb"), ID, "starter",
                BillingCycle.MONTHLY, status, "UTC", e, 1, s, e, s.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
                e.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), graceEndsAt, true, false, null, null, null,
                null, 1, Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"));
    }
}
