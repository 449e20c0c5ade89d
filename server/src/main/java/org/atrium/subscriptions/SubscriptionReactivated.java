package org.atrium.subscriptions;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.atrium.catalog.BillingCycle;
import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/** Back to active: the open invoice was paid after a grace period, read-only or suspension (amount: the invoice paid), or a cancellation at period end was withdrawn. */
public record SubscriptionReactivated(TenantId tenantId, String tenantSlug, UUID subscriptionId, String plan, BillingCycle cycle,
        SubscriptionStatus statusBefore, SubscriptionStatus statusAfter, LocalDate periodStart, LocalDate periodEnd,
        @Nullable Money amount, @Nullable String invoice, Instant occurredAt)
        implements SubscriptionEvent {

    @Override
    public String type() {
        return "subscription.reactivated";
    }
}
