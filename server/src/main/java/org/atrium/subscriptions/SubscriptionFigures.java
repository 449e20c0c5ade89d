package org.atrium.subscriptions;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.atrium.catalog.BillingCycle;

/**
 * Platform-wide figures over every subscription and its history, for the HQ's dashboard and analytics (staff
 * only). Nothing here is tenant-facing.
 */
public interface SubscriptionFigures {

    /** How many subscriptions were on a plan and cycle. */
    record PlanCount(String plan, BillingCycle cycle, long subscriptions) {
    }

    /** What was true at the end of one month. */
    record MonthEnd(Instant at, List<PlanCount> paying, long started, long churned) {
    }

    /**
     * Subscriptions that are paying now (active or in their grace period), by plan and cycle. Trials, read-only,
     * suspended, cancelled and expired ones are left out.
     */
    List<PlanCount> paying();

    /**
     * For each instant (the end of a month, in order), the subscriptions that were paying then according to their
     * history, and how many started (their first history entry) and churned (became cancelled or expired from any
     * other status) between the instant before it and this one. The first instant counts from the start of its
     * month, which the caller passes as {@code from}.
     */
    List<MonthEnd> history(Instant from, List<Instant> monthEnds);

    /** Trials whose trial ends in {@code [from, to)}, the soonest first, at most {@code limit}. */
    List<Subscription> trialsEnding(Instant from, Instant to, int limit);

    /** Subscriptions in one of these statuses, the longest there first, at most {@code limit}. */
    List<Subscription> inStatus(Set<SubscriptionStatus> statuses, int limit);
}
