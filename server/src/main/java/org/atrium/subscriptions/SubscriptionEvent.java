package org.atrium.subscriptions;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.atrium.catalog.BillingCycle;
import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * A change in a subscription's life, published inside the transaction that made it and delivered to listeners
 * through the event publication registry (the outbox): never lost once committed, never sent when rolled back. Every
 * event names the tenant, the subscription, the plan and cycle after the change, the status before and after, the
 * period the subscription is in afterwards, the amount charged (or, for a plan change, credited) where money moved,
 * and when it happened on the platform clock. Outgoing webhooks map {@link #type()} to their {@code type}.
 */
public sealed interface SubscriptionEvent permits SubscriptionTrialStarted, SubscriptionActivated, SubscriptionRenewed, SubscriptionGraceStarted, SubscriptionReadOnly, SubscriptionSuspended, SubscriptionCancelled, SubscriptionExpired, SubscriptionPlanChanged, SubscriptionReactivated {

    TenantId tenantId();

    String tenantSlug();

    UUID subscriptionId();

    String plan();

    BillingCycle cycle();

    /** Null only for the trial's start: there was no subscription before. */
    @Nullable
    SubscriptionStatus statusBefore();

    SubscriptionStatus statusAfter();

    /** First day of the period after the change (tenant-local). */
    LocalDate periodStart();

    /** The day after its last (tenant-local, exclusive). */
    LocalDate periodEnd();

    /** Tax included; null when no money moved. */
    @Nullable
    Money amount();

    /** The invoice (or credit note) the change issued or is waiting on, when there is one. */
    @Nullable
    String invoice();

    Instant occurredAt();

    /** {@code subscription.renewed}, {@code subscription.trial_started} …: the type webhooks carry. */
    String type();
}
