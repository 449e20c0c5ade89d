package org.atrium.subscriptions;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The owner's actions on a tenant's subscription, by tenant slug: assign a plan, change plan with proration (and
 * preview what a change would cost), cancel, reactivate, extend, switch auto-renewal. Each change is one
 * transaction; anything refused (402, 409, 400) changes nothing.
 */
public interface SubscriptionManagement {

    Subscription get(String slug);

    /** The subscription's history, oldest first. */
    List<SubscriptionHistoryEntry> history(String slug);

    /**
     * What changing to {@code plan}/{@code cycle} today would cost, computed exactly as {@link #change} computes it,
     * without changing anything; {@code cycle} and {@code effective} may be null (the current cycle; the default of
     * {@link SubscriptionChange}).
     */
    ProrationQuote preview(String slug, String plan, @Nullable String cycle, @Nullable EffectiveWhen effective);

    Subscription change(String slug, SubscriptionChange change);

    /**
     * {@link #change} and the history entry it wrote (null when it changed nothing), read in the same transaction
     * under the subscription's row lock, so that the entry is this change's and no other's.
     */
    ReportedChange changeAndReport(String slug, SubscriptionChange change);

    Subscription cancel(String slug, boolean atPeriodEnd, String reason);

    Subscription reactivate(String slug);

    Subscription extend(String slug, int days, String reason);

    Subscription autoRenew(String slug, boolean enabled);

    /** A change and the history entry that records it. */
    record ReportedChange(Subscription subscription, @Nullable SubscriptionHistoryEntry history) {
    }
}
