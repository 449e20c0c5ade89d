package org.atrium.subscriptions;

import org.jspecify.annotations.Nullable;

/**
 * The owner's request to put a tenant on a plan.
 *
 * @param plan       plan slug
 * @param cycle      billing cycle; the current one when null
 * @param collection how an assignment is collected ({@link CollectionMode}); without it, an active subscription
 *                   changes plan and a trial switches plan until it ends
 * @param dueDays    for {@code invoice}: days until due, default from the settings
 * @param effective  for a downgrade: {@code period_end} (default) or {@code now}
 */
public record SubscriptionChange(String plan, @Nullable String cycle, @Nullable CollectionMode collection,
        @Nullable Integer dueDays, @Nullable EffectiveWhen effective) {
}
