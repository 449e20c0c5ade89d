package org.atrium.subscriptions;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.atrium.catalog.BillingCycle;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's subscription. The current period runs from {@code periodStart} (inclusive) to {@code periodEnd}
 * (exclusive), tenant-local dates; {@code startsAt}/{@code expiresAt} are the same bounds as instants. Period
 * {@code n} of a subscription anchored on {@code anchorDate} ends {@code n} cycles after the anchor; the trial is
 * period 0 and ends on the anchor.
 * <p>
 * State changes go through the methods below, which refuse illegal transitions with a 409 problem naming the current
 * and the requested state.
 */
public record Subscription(UUID id, TenantId tenantId, String plan, BillingCycle cycle, SubscriptionStatus status,
        String timezone, LocalDate anchorDate, int periodNumber, LocalDate periodStart, LocalDate periodEnd,
        Instant startsAt, Instant expiresAt, @Nullable Instant graceEndsAt, boolean autoRenew,
        boolean cancelAtPeriodEnd, @Nullable Instant cancelledAt, @Nullable String pendingPlan,
        @Nullable BillingCycle pendingCycle, @Nullable String openInvoice, int version, Instant createdAt,
        Instant updatedAt) {

    private static final Map<SubscriptionStatus, Set<SubscriptionStatus>> LEGAL = Map.of(
            SubscriptionStatus.TRIAL, EnumSet.of(SubscriptionStatus.ACTIVE, SubscriptionStatus.SUSPENDED,
                    SubscriptionStatus.CANCELLED, SubscriptionStatus.EXPIRED),
            SubscriptionStatus.ACTIVE, EnumSet.of(SubscriptionStatus.ACTIVE, SubscriptionStatus.GRACE_PERIOD,
                    SubscriptionStatus.SUSPENDED, SubscriptionStatus.CANCELLED, SubscriptionStatus.EXPIRED),
            SubscriptionStatus.GRACE_PERIOD, EnumSet.of(SubscriptionStatus.ACTIVE, SubscriptionStatus.READ_ONLY,
                    SubscriptionStatus.SUSPENDED, SubscriptionStatus.CANCELLED),
            SubscriptionStatus.READ_ONLY, EnumSet.of(SubscriptionStatus.ACTIVE, SubscriptionStatus.SUSPENDED,
                    SubscriptionStatus.CANCELLED),
            SubscriptionStatus.SUSPENDED, EnumSet.of(SubscriptionStatus.ACTIVE, SubscriptionStatus.CANCELLED),
            SubscriptionStatus.CANCELLED, EnumSet.of(SubscriptionStatus.ACTIVE),
            SubscriptionStatus.EXPIRED, EnumSet.of(SubscriptionStatus.ACTIVE));

    public ZoneId zone() {
        return ZoneId.of(timezone);
    }

    /** Whether the transition to {@code next} is legal from the current status. */
    public boolean canBecome(SubscriptionStatus next) {
        return LEGAL.get(status).contains(next);
    }

    private void require(SubscriptionStatus next) {
        if (!canBecome(next)) {
            throw ProblemException.illegalTransition("Subscription", status.code(), next.code());
        }
    }

    /**
     * Active for period {@code number} of {@code anchor}, on {@code plan}/{@code cycle}; nothing is open, and no
     * change is scheduled any more (a scheduled one has either just taken effect or been replaced).
     */
    public Subscription activate(String plan, BillingCycle cycle, LocalDate anchor, int number) {
        require(SubscriptionStatus.ACTIVE);
        LocalDate start = BillingCalendar.periodStart(anchor, cycle, number);
        LocalDate end = BillingCalendar.periodEnd(anchor, cycle, number);
        return new Subscription(id, tenantId, plan, cycle, SubscriptionStatus.ACTIVE, timezone, anchor, number, start,
                end, BillingCalendar.startOf(start, zone()), BillingCalendar.startOf(end, zone()), null, autoRenew,
                false, null, null, null, null, version, createdAt, updatedAt);
    }

    /** Unpaid at period end: keeps access until {@code graceEndsAt}, with {@code invoice} open. */
    public Subscription enterGracePeriod(Instant graceEndsAt, String invoice) {
        require(SubscriptionStatus.GRACE_PERIOD);
        return with(SubscriptionStatus.GRACE_PERIOD, graceEndsAt, invoice);
    }

    public Subscription becomeReadOnly() {
        require(SubscriptionStatus.READ_ONLY);
        return with(SubscriptionStatus.READ_ONLY, graceEndsAt, openInvoice);
    }

    /** No access except billing until {@code invoice} is paid. */
    public Subscription suspend(@Nullable String invoice) {
        require(SubscriptionStatus.SUSPENDED);
        return with(SubscriptionStatus.SUSPENDED, graceEndsAt, invoice);
    }

    public Subscription cancelNow(Instant now) {
        require(SubscriptionStatus.CANCELLED);
        return new Subscription(id, tenantId, plan, cycle, SubscriptionStatus.CANCELLED, timezone, anchorDate,
                periodNumber, periodStart, periodEnd, startsAt, expiresAt, graceEndsAt, false, false, now, null, null,
                openInvoice, version, createdAt, updatedAt);
    }

    public Subscription cancelAtEndOfPeriod(boolean cancel) {
        if (status != SubscriptionStatus.ACTIVE && status != SubscriptionStatus.TRIAL) {
            throw ProblemException.illegalTransition("Subscription", status.code(),
                    cancel ? "cancel_at_period_end" : "reactivated");
        }
        return new Subscription(id, tenantId, plan, cycle, status, timezone, anchorDate, periodNumber, periodStart,
                periodEnd, startsAt, expiresAt, graceEndsAt, autoRenew, cancel, cancelledAt, pendingPlan, pendingCycle,
                openInvoice, version, createdAt, updatedAt);
    }

    public Subscription expire() {
        require(SubscriptionStatus.EXPIRED);
        return with(SubscriptionStatus.EXPIRED, null, openInvoice);
    }

    /**
     * Switches plan and cycle within the current period (upgrade now, downgrade now, or a trial's change). A new
     * cycle re-anchors on the current period's end, so that the next period is the first of the new cycle.
     */
    public Subscription switchPlan(String newPlan, BillingCycle newCycle) {
        boolean reanchor = newCycle != cycle;
        return new Subscription(id, tenantId, newPlan, newCycle, status, timezone,
                reanchor ? periodEnd : anchorDate, reanchor ? 0 : periodNumber, periodStart, periodEnd, startsAt,
                expiresAt, graceEndsAt, autoRenew, cancelAtPeriodEnd, cancelledAt, null, null, openInvoice, version,
                createdAt, updatedAt);
    }

    /**
     * A change of cycle: the current period ends on {@code start} and period 1 of {@code newCycle}, anchored there,
     * begins; {@code invoice} is the new period's invoice when it is left open (null when paid).
     */
    public Subscription startNewPeriod(String newPlan, BillingCycle newCycle, LocalDate start,
            @Nullable String invoice) {
        if (status != SubscriptionStatus.ACTIVE) {
            throw ProblemException.illegalTransition("Subscription", status.code(), "new_period");
        }
        LocalDate end = BillingCalendar.periodEnd(start, newCycle, 1);
        return new Subscription(id, tenantId, newPlan, newCycle, status, timezone, start, 1, start, end,
                BillingCalendar.startOf(start, zone()), BillingCalendar.startOf(end, zone()), null, autoRenew,
                cancelAtPeriodEnd, cancelledAt, null, null, invoice, version, createdAt, updatedAt);
    }

    /** A downgrade that takes effect at period end; null clears it. */
    public Subscription schedule(@Nullable String plan, @Nullable BillingCycle cycle) {
        return new Subscription(id, tenantId, this.plan, this.cycle, status, timezone, anchorDate, periodNumber,
                periodStart, periodEnd, startsAt, expiresAt, graceEndsAt, autoRenew, cancelAtPeriodEnd, cancelledAt,
                plan, cycle, openInvoice, version, createdAt, updatedAt);
    }

    public Subscription withAutoRenew(boolean on) {
        return new Subscription(id, tenantId, plan, cycle, status, timezone, anchorDate, periodNumber, periodStart,
                periodEnd, startsAt, expiresAt, graceEndsAt, on, cancelAtPeriodEnd, cancelledAt, pendingPlan,
                pendingCycle, openInvoice, version, createdAt, updatedAt);
    }

    /** Adds days to the current period (the anchor moves with it, so later periods keep their length). */
    public Subscription extend(int days) {
        if (status != SubscriptionStatus.ACTIVE && status != SubscriptionStatus.TRIAL) {
            throw ProblemException.illegalTransition("Subscription", status.code(), "extended");
        }
        LocalDate end = periodEnd.plusDays(days);
        return new Subscription(id, tenantId, plan, cycle, status, timezone, anchorDate.plusDays(days), periodNumber,
                periodStart, end, startsAt, BillingCalendar.startOf(end, zone()), graceEndsAt, autoRenew,
                cancelAtPeriodEnd, cancelledAt, pendingPlan, pendingCycle, openInvoice, version, createdAt, updatedAt);
    }

    public Subscription withOpenInvoice(@Nullable String invoice) {
        return with(status, graceEndsAt, invoice);
    }

    private Subscription with(SubscriptionStatus next, @Nullable Instant grace, @Nullable String invoice) {
        return new Subscription(id, tenantId, plan, cycle, next, timezone, anchorDate, periodNumber, periodStart,
                periodEnd, startsAt, expiresAt, grace, autoRenew, cancelAtPeriodEnd, cancelledAt, pendingPlan,
                pendingCycle, invoice, version, createdAt, updatedAt);
    }
}
