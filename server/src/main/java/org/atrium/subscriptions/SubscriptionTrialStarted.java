package org.atrium.subscriptions;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.atrium.catalog.BillingCycle;
import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/** A new tenant's trial began (status before: none; the period is the trial). */
public record SubscriptionTrialStarted(TenantId tenantId, String tenantSlug, UUID subscriptionId, String plan, BillingCycle cycle,
        @Nullable SubscriptionStatus statusBefore, SubscriptionStatus statusAfter, LocalDate periodStart, LocalDate periodEnd,
        @Nullable Money amount, @Nullable String invoice, Instant occurredAt)
        implements SubscriptionEvent {

    @Override
    public String type() {
        return "subscription.trial_started";
    }
}
