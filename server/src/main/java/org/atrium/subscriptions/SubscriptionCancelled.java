package org.atrium.subscriptions;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.atrium.catalog.BillingCycle;
import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/** The owner cancelled the subscription: now (status after {@code cancelled}), or at period end ({@code atPeriodEnd}; it stays active until then and then expires). */
public record SubscriptionCancelled(TenantId tenantId, String tenantSlug, UUID subscriptionId, String plan, BillingCycle cycle,
        SubscriptionStatus statusBefore, SubscriptionStatus statusAfter, LocalDate periodStart, LocalDate periodEnd,
        @Nullable Money amount, @Nullable String invoice, Instant occurredAt, boolean atPeriodEnd, String reason)
        implements SubscriptionEvent {

    @Override
    public String type() {
        return "subscription.cancelled";
    }
}
