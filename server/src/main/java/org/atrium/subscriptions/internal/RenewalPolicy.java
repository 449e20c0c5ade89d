package org.atrium.subscriptions.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import org.atrium.catalog.BillingCycle;
import org.atrium.catalog.Plan;
import org.atrium.platform.Money;
import org.atrium.subscriptions.Subscription;
import org.atrium.subscriptions.SubscriptionHistoryEntry;
import org.atrium.subscriptions.SubscriptionStatus;
import org.jspecify.annotations.Nullable;

/**
 * The renewal rule, and nothing else: given a subscription, the price of its next period, its wallet's balance and
 * the time, what is due. It reads no database and calls no other module, so every branch is a line of
 * {@code RenewalPolicyTests}; {@link SubscriptionLifecycle} gathers the inputs and applies the decision.
 */
final class RenewalPolicy {

    /** How long before a trial ends its tenant is told. */
    static final Duration TRIAL_NOTICE = Duration.ofDays(3);

    private RenewalPolicy() {
    }

    enum Kind {
        TRIAL_ENDING_NOTICE("trial_ending_notice"), CONVERT_TRIAL("trial_converted"),
        SUSPEND_UNPAID_TRIAL("trial_unpaid"), RENEW("renewed"), ENTER_GRACE("grace_period"),
        READ_ONLY("read_only"), EXPIRE("expired");

        final String code;

        Kind(String code) {
            this.code = code;
        }

        /** The history entry a decision that changes the subscription writes. */
        SubscriptionHistoryEntry.Kind history() {
            return SubscriptionHistoryEntry.Kind.fromCode(code);
        }

        /** Whether the decision starts the next period paid (from the wallet, or free). */
        boolean renews() {
            return this == RENEW || this == CONVERT_TRIAL;
        }
    }

    /** The period after the current one: its plan, cycle, anchor and number. */
    record NextPeriod(Plan plan, BillingCycle cycle, LocalDate anchor, int number) {
    }

    /**
     * The next period with what it costs.
     *
     * @param charge the charge, null when the period costs nothing
     * @param total  the charge's total including tax, null when it costs nothing
     */
    record Price(NextPeriod next, Charging.@Nullable Charge charge, @Nullable Money total) {

        static Price free(NextPeriod next) {
            return new Price(next, null, null);
        }
    }

    /**
     * @param plan   the plan the next period is on
     * @param anchor the anchor and number of the next period
     * @param total  the next period's total including tax, when something is charged
     */
    record Decision(Kind kind, SubscriptionStatus to, @Nullable Plan plan, @Nullable BillingCycle cycle,
            @Nullable LocalDate anchor, int number, @Nullable Money total, Charging.@Nullable Charge charge) {

        static Decision of(Kind kind, SubscriptionStatus to) {
            return new Decision(kind, to, null, null, null, 0, null, null);
        }

        static Decision of(Kind kind, SubscriptionStatus to, Price price) {
            NextPeriod n = price.next();
            return new Decision(kind, to, n.plan(), n.cycle(), n.anchor(), n.number(), price.total(), price.charge());
        }
    }

    /**
     * Whether the decision at {@code now} depends on the next period's price: the trial or the paid period has
     * ended and is not cancelled. The caller prices the period only then.
     */
    static boolean needsPrice(Subscription s, Instant now) {
        return switch (s.status()) {
            case TRIAL -> !s.expiresAt().isAfter(now);
            case ACTIVE -> !s.expiresAt().isAfter(now) && !s.cancelAtPeriodEnd();
            default -> false;
        };
    }

    /** Whether the trial's end is close enough at {@code now} that its notice is due (if not already sent). */
    static boolean trialNoticeDue(Subscription s, Instant now) {
        return s.status() == SubscriptionStatus.TRIAL && s.expiresAt().isAfter(now)
                && !s.expiresAt().minus(TRIAL_NOTICE).isAfter(now);
    }

    /** Whether a balance pays an amount: the one place that says so, for renewals and for recoveries. */
    static boolean covers(Money balance, Money amount) {
        return balance.isAtLeast(amount);
    }

    /**
     * What is due for the subscription at {@code now}, or null when nothing is.
     *
     * @param price            the next period and its price; required when {@link #needsPrice} is true
     * @param balance          the wallet's balance; read only when the next period costs something
     * @param trialNoticeSent  whether the trial-ending notice for the current trial was sent already
     */
    static @Nullable Decision decide(Subscription s, @Nullable Price price, @Nullable Money balance, Instant now,
            boolean trialNoticeSent) {
        switch (s.status()) {
            case TRIAL -> {
                if (!s.expiresAt().isAfter(now)) {
                    return paidPeriod(s, required(price), balance, Kind.CONVERT_TRIAL, Kind.SUSPEND_UNPAID_TRIAL,
                            SubscriptionStatus.SUSPENDED);
                }
                if (trialNoticeDue(s, now) && !trialNoticeSent) {
                    return Decision.of(Kind.TRIAL_ENDING_NOTICE, SubscriptionStatus.TRIAL);
                }
                return null;
            }
            case ACTIVE -> {
                if (s.expiresAt().isAfter(now)) {
                    return null;
                }
                if (s.cancelAtPeriodEnd()) {
                    return Decision.of(Kind.EXPIRE, SubscriptionStatus.EXPIRED);
                }
                return paidPeriod(s, required(price), balance, Kind.RENEW, Kind.ENTER_GRACE,
                        SubscriptionStatus.GRACE_PERIOD);
            }
            case GRACE_PERIOD -> {
                if (s.graceEndsAt() != null && !s.graceEndsAt().isAfter(now)) {
                    return Decision.of(Kind.READ_ONLY, SubscriptionStatus.READ_ONLY);
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    /** The next period: paid from the wallet if it is free or covered and renews automatically, else unpaid. */
    private static Decision paidPeriod(Subscription s, Price price, @Nullable Money balance, Kind paid, Kind unpaid,
            SubscriptionStatus unpaidStatus) {
        if (price.total() == null) {
            return Decision.of(paid, SubscriptionStatus.ACTIVE, price);
        }
        if (balance == null) {
            throw new IllegalArgumentException("A priced period needs the wallet's balance");
        }
        boolean covered = s.autoRenew() && covers(balance, price.total());
        return covered ? Decision.of(paid, SubscriptionStatus.ACTIVE, price)
                : Decision.of(unpaid, unpaidStatus, price);
    }

    private static Price required(@Nullable Price price) {
        if (price == null) {
            throw new IllegalArgumentException("The period has ended: its price is needed");
        }
        return price;
    }
}
