package org.atrium.subscriptions;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.atrium.catalog.BillingCycle;
import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/** The wallet could not pay the renewal: access continues until {@code graceEndsAt} while the invoice (amount) stays open. */
public record SubscriptionGraceStarted(TenantId tenantId, String tenantSlug, UUID subscriptionId, String plan, BillingCycle cycle,
        SubscriptionStatus statusBefore, SubscriptionStatus statusAfter, LocalDate periodStart, LocalDate periodEnd,
        @Nullable Money amount, @Nullable String invoice, Instant occurredAt, Instant graceEndsAt)
        implements SubscriptionEvent {

    @Override
    public String type() {
        return "subscription.grace_started";
    }
}
