package org.atrium.subscriptions;

import org.jspecify.annotations.Nullable;

/**
 * The owner's request to put a tenant on a plan.
 *
 * @param plan       plan slug
 * @param cycle      billing cycle; the current one when null
 * @param collection {@code wallet} (default: debit now, 402 if it can't) or {@code invoice} (leave the invoice open
 *                   until its due date, to be paid by transfer)
 * @param dueDays    for {@code invoice}: days until due, default from the settings
 * @param effective  for a downgrade: {@code period_end} (default) or {@code now}
 */
public record SubscriptionChange(String plan, @Nullable String cycle, @Nullable String collection,
        @Nullable Integer dueDays, @Nullable String effective) {
}
