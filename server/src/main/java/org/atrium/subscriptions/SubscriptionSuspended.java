package org.atrium.subscriptions;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.atrium.catalog.BillingCycle;
import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/** No access except billing: a trial ended unpaid, or an invoice stayed overdue too long (amount: what is owed). */
public record SubscriptionSuspended(TenantId tenantId, String tenantSlug, UUID subscriptionId, String plan, BillingCycle cycle,
        SubscriptionStatus statusBefore, SubscriptionStatus statusAfter, LocalDate periodStart, LocalDate periodEnd,
        @Nullable Money amount, @Nullable String invoice, Instant occurredAt)
        implements SubscriptionEvent {

    @Override
    public String type() {
        return "subscription.suspended";
    }
}
