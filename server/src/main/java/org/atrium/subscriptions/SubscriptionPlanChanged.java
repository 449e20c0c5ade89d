package org.atrium.subscriptions;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.atrium.catalog.BillingCycle;
import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/** The plan or cycle changed now: an upgrade, a downgrade now, a change of cycle (a new period), or a trial's switch. amount: what the change charged (positive) or credited to the wallet (negative), tax included; none when nothing moved. */
public record SubscriptionPlanChanged(TenantId tenantId, String tenantSlug, UUID subscriptionId, String plan, BillingCycle cycle,
        SubscriptionStatus statusBefore, SubscriptionStatus statusAfter, LocalDate periodStart, LocalDate periodEnd,
        @Nullable Money amount, @Nullable String invoice, Instant occurredAt, String fromPlan, BillingCycle fromCycle)
        implements SubscriptionEvent {

    @Override
    public String type() {
        return "subscription.plan_changed";
    }
}
