package org.atrium.subscriptions;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.atrium.catalog.BillingCycle;
import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/** The next period started, paid from the wallet (amount: its invoice, tax included; none for a free plan). The plan and cycle are the new period's, which a scheduled downgrade may have changed. */
public record SubscriptionRenewed(TenantId tenantId, String tenantSlug, UUID subscriptionId, String plan, BillingCycle cycle,
        SubscriptionStatus statusBefore, SubscriptionStatus statusAfter, LocalDate periodStart, LocalDate periodEnd,
        @Nullable Money amount, @Nullable String invoice, Instant occurredAt)
        implements SubscriptionEvent {

    @Override
    public String type() {
        return "subscription.renewed";
    }
}
