package org.atrium.subscriptions.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.atrium.catalog.BillingCycle;
import org.atrium.catalog.Plan;
import org.atrium.catalog.SupportLevel;
import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.atrium.subscriptions.Subscription;
import org.atrium.subscriptions.SubscriptionStatus;
import org.atrium.subscriptions.internal.RenewalPolicy.Decision;
import org.atrium.subscriptions.internal.RenewalPolicy.Kind;
import org.atrium.subscriptions.internal.RenewalPolicy.NextPeriod;
import org.atrium.subscriptions.internal.RenewalPolicy.Price;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every branch of the renewal rule, one row each. The clock reads 2026-03-10T00:00Z; the tenant is on UTC. The next
 * period is period 2 of a monthly subscription anchored on 2026-02-10 (2026-03-10 to 2026-04-10), on a plan at
 * 29.00 USD with 20% tax: 29.00 × 1.20 = 34.80 USD due. The balance either side of the line is 34.80 (exactly
 * enough) and 34.79 (one cent short).
 */
class RenewalPolicyTests {

    private static final Instant NOW = Instant.parse("2026-03-10T00:00:00Z");
    private static final Plan PRO = new Plan(UUID.fromString("00000000-0000-0000-0000-000000000001"), "pro", "Pro",
            null, "USD", Map.of(BillingCycle.MONTHLY, Money.of("29.00", "USD")), Map.of(), Map.of(),
            SupportLevel.EMAIL, null, true, false, 1, 1, NOW, NOW);
    private static final NextPeriod NEXT = new NextPeriod(PRO, BillingCycle.MONTHLY, LocalDate.parse("2026-02-10"),
            2);
    private static final Charging.Charge CHARGE = new Charging.Charge("subscription:x:2026-03-10",
            List.of(new Charging.Line("Pro plan, monthly (2026-03-10 to 2026-04-09)", Money.of("29.00", "USD"),
                    LocalDate.parse("2026-03-10"), LocalDate.parse("2026-04-10"))));
    private static final Price PRICED = new Price(NEXT, CHARGE, Money.of("34.80", "USD"));
    private static final Price FREE = Price.free(NEXT);
    private static final Money ENOUGH = Money.of("34.80", "USD");
    private static final Money SHORT = Money.of("34.79", "USD");

    /** A subscription in {@code status} whose period ends at {@code expiresAt}. */
    private static Subscription sub(SubscriptionStatus status, String expiresAt, @Nullable String graceEndsAt,
            boolean autoRenew, boolean cancelAtPeriodEnd) {
        Instant end = Instant.parse(expiresAt);
        return new Subscription(UUID.fromString("00000000-0000-0000-0000-000000000002"),
                TenantId.of(UUID.fromString("00000000-0000-0000-0000-000000000003")), "pro", BillingCycle.MONTHLY,
                status, "UTC", LocalDate.parse("2026-02-10"), 1, LocalDate.parse("2026-02-10"),
                LocalDate.parse("2026-03-10"), Instant.parse("2026-02-10T00:00:00Z"), end,
                graceEndsAt == null ? null : Instant.parse(graceEndsAt), autoRenew, cancelAtPeriodEnd, null, null,
                null, null, 1, NOW, NOW);
    }

    private static Subscription sub(SubscriptionStatus status, String expiresAt) {
        return sub(status, expiresAt, null, true, false);
    }

    static Stream<Arguments> rows() {
        String ended = "2026-03-10T00:00:00Z"; // the period ends at NOW exactly: it has ended
        String running = "2026-03-10T00:00:01Z"; // one second left
        return Stream.of(
                // name, subscription, price, balance, notice sent, expected kind, expected status, expected total
                Arguments.of("trial ended, wallet exactly covers: converted", sub(SubscriptionStatus.TRIAL, ended),
                        PRICED, ENOUGH, false, Kind.CONVERT_TRIAL, SubscriptionStatus.ACTIVE, "34.80"),
                Arguments.of("trial ended, one cent short: suspended unpaid", sub(SubscriptionStatus.TRIAL, ended),
                        PRICED, SHORT, false, Kind.SUSPEND_UNPAID_TRIAL, SubscriptionStatus.SUSPENDED, "34.80"),
                Arguments.of("trial ended, covered but auto-renew off: suspended unpaid",
                        sub(SubscriptionStatus.TRIAL, ended, null, false, false), PRICED, Money.of("100.00", "USD"),
                        false, Kind.SUSPEND_UNPAID_TRIAL, SubscriptionStatus.SUSPENDED, "34.80"),
                Arguments.of("trial ended on a free plan, no wallet read: converted",
                        sub(SubscriptionStatus.TRIAL, ended), FREE, null, false, Kind.CONVERT_TRIAL,
                        SubscriptionStatus.ACTIVE, null),
                Arguments.of("trial ends in exactly 3 days, notice not sent: notice",
                        sub(SubscriptionStatus.TRIAL, "2026-03-13T00:00:00Z"), null, null, false,
                        Kind.TRIAL_ENDING_NOTICE, SubscriptionStatus.TRIAL, null),
                Arguments.of("trial ends in 3 days, notice sent: nothing",
                        sub(SubscriptionStatus.TRIAL, "2026-03-13T00:00:00Z"), null, null, true, null, null, null),
                Arguments.of("trial ends in 3 days and 1 second: nothing yet",
                        sub(SubscriptionStatus.TRIAL, "2026-03-13T00:00:01Z"), null, null, false, null, null, null),
                Arguments.of("active, period running: nothing", sub(SubscriptionStatus.ACTIVE, running), null, null,
                        false, null, null, null),
                Arguments.of("active, ended, cancelled at period end: expired",
                        sub(SubscriptionStatus.ACTIVE, ended, null, true, true), null, null, false, Kind.EXPIRE,
                        SubscriptionStatus.EXPIRED, null),
                Arguments.of("active, ended, wallet exactly covers: renewed", sub(SubscriptionStatus.ACTIVE, ended),
                        PRICED, ENOUGH, false, Kind.RENEW, SubscriptionStatus.ACTIVE, "34.80"),
                Arguments.of("active, ended, one cent short: grace", sub(SubscriptionStatus.ACTIVE, ended), PRICED,
                        SHORT, false, Kind.ENTER_GRACE, SubscriptionStatus.GRACE_PERIOD, "34.80"),
                Arguments.of("active, ended, covered but auto-renew off: grace",
                        sub(SubscriptionStatus.ACTIVE, ended, null, false, false), PRICED, Money.of("100.00", "USD"),
                        false, Kind.ENTER_GRACE, SubscriptionStatus.GRACE_PERIOD, "34.80"),
                Arguments.of("active, ended, free plan: renewed", sub(SubscriptionStatus.ACTIVE, ended), FREE, null,
                        false, Kind.RENEW, SubscriptionStatus.ACTIVE, null),
                Arguments.of("grace ends now: read-only",
                        sub(SubscriptionStatus.GRACE_PERIOD, ended, "2026-03-10T00:00:00Z", true, false), null, null,
                        false, Kind.READ_ONLY, SubscriptionStatus.READ_ONLY, null),
                Arguments.of("grace ends in 1 second: nothing",
                        sub(SubscriptionStatus.GRACE_PERIOD, ended, "2026-03-10T00:00:01Z", true, false), null, null,
                        false, null, null, null),
                Arguments.of("grace without an end: nothing", sub(SubscriptionStatus.GRACE_PERIOD, ended), null,
                        null, false, null, null, null),
                Arguments.of("read-only, period long over: nothing (waits for a payment)",
                        sub(SubscriptionStatus.READ_ONLY, ended), null, null, false, null, null, null),
                Arguments.of("suspended: nothing", sub(SubscriptionStatus.SUSPENDED, ended), null, null, false, null,
                        null, null),
                Arguments.of("cancelled: nothing", sub(SubscriptionStatus.CANCELLED, ended), null, null, false, null,
                        null, null),
                Arguments.of("expired: nothing", sub(SubscriptionStatus.EXPIRED, ended), null, null, false, null,
                        null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(String name, Subscription s, @Nullable Price price, @Nullable Money balance, boolean noticeSent,
            @Nullable Kind kind, @Nullable SubscriptionStatus to, @Nullable String total) {
        Decision d = RenewalPolicy.decide(s, price, balance, NOW, noticeSent);
        if (kind == null) {
            assertThat(d).isNull();
            return;
        }
        assertThat(d).isNotNull();
        assertThat(d.kind()).isEqualTo(kind);
        assertThat(d.to()).isEqualTo(to);
        assertThat(d.total()).isEqualTo(total == null ? null : Money.of(total, "USD"));
        if (kind.renews() || kind == Kind.ENTER_GRACE || kind == Kind.SUSPEND_UNPAID_TRIAL) {
            // The next period is the one priced: period 2 of the 2026-02-10 anchor, with its charge when it costs.
            assertThat(d.plan()).isEqualTo(PRO);
            assertThat(d.anchor()).isEqualTo(LocalDate.parse("2026-02-10"));
            assertThat(d.number()).isEqualTo(2);
            assertThat(d.charge()).isEqualTo(total == null ? null : CHARGE);
        } else {
            assertThat(d.charge()).isNull();
        }
    }

    @Test
    void thePriceIsAskedForOnlyWhenAPeriodHasEndedAndIsNotCancelled() {
        String ended = "2026-03-10T00:00:00Z";
        assertThat(RenewalPolicy.needsPrice(sub(SubscriptionStatus.TRIAL, ended), NOW)).isTrue();
        assertThat(RenewalPolicy.needsPrice(sub(SubscriptionStatus.ACTIVE, ended), NOW)).isTrue();
        assertThat(RenewalPolicy.needsPrice(sub(SubscriptionStatus.ACTIVE, ended, null, true, true), NOW)).isFalse();
        assertThat(RenewalPolicy.needsPrice(sub(SubscriptionStatus.ACTIVE, "2026-03-10T00:00:01Z"), NOW)).isFalse();
        assertThat(RenewalPolicy.needsPrice(sub(SubscriptionStatus.GRACE_PERIOD, ended), NOW)).isFalse();
    }

    @Test
    void anEndedPeriodWithoutItsPriceOrAPricedOneWithoutTheBalanceIsRefused() {
        Subscription ended = sub(SubscriptionStatus.ACTIVE, "2026-03-10T00:00:00Z");
        assertThatThrownBy(() -> RenewalPolicy.decide(ended, null, ENOUGH, NOW, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RenewalPolicy.decide(ended, PRICED, null, NOW, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBalanceCoversAnAmountFromExactlyThatAmountUp() {
        assertThat(RenewalPolicy.covers(ENOUGH, Money.of("34.80", "USD"))).isTrue();
        assertThat(RenewalPolicy.covers(SHORT, Money.of("34.80", "USD"))).isFalse();
        assertThat(RenewalPolicy.covers(Money.of("34.81", "USD"), Money.of("34.80", "USD"))).isTrue();
    }
}
