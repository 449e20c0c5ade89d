package org.atrium.subscriptions.internal;

import java.time.Clock;
import java.time.Instant;

import org.atrium.platform.Money;
import org.atrium.subscriptions.Subscription;
import org.atrium.subscriptions.SubscriptionActivated;
import org.atrium.subscriptions.SubscriptionCancelled;
import org.atrium.subscriptions.SubscriptionEvent;
import org.atrium.subscriptions.SubscriptionExpired;
import org.atrium.subscriptions.SubscriptionGraceStarted;
import org.atrium.subscriptions.SubscriptionPlanChanged;
import org.atrium.subscriptions.SubscriptionReactivated;
import org.atrium.subscriptions.SubscriptionReadOnly;
import org.atrium.subscriptions.SubscriptionRenewed;
import org.atrium.subscriptions.SubscriptionStatus;
import org.atrium.subscriptions.SubscriptionSuspended;
import org.atrium.subscriptions.SubscriptionTrialStarted;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Publishes the {@link SubscriptionEvent}s, in the transaction of the change they tell about: the event publication
 * registry stores one publication per listener with the change, and delivers it after commit. Each event is built
 * from the subscription as saved.
 */
@Component
class LifecycleEvents {

    /** The events that carry nothing beyond what every subscription event carries. */
    enum Kind {
        TRIAL_STARTED, ACTIVATED, RENEWED, READ_ONLY, SUSPENDED, EXPIRED, REACTIVATED
    }

    private final ApplicationEventPublisher publisher;
    private final Clock clock;

    LifecycleEvents(ApplicationEventPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    void publish(Kind kind, String slug, @Nullable SubscriptionStatus before, Subscription s, @Nullable Money amount,
            @Nullable String invoice) {
        Instant at = clock.instant();
        publisher.publishEvent(switch (kind) {
            case TRIAL_STARTED -> new SubscriptionTrialStarted(s.tenantId(), slug, s.id(), s.plan(), s.cycle(), before,
                    s.status(), s.periodStart(), s.periodEnd(), amount, invoice, at);
            case ACTIVATED -> new SubscriptionActivated(s.tenantId(), slug, s.id(), s.plan(), s.cycle(),
                    required(before), s.status(), s.periodStart(), s.periodEnd(), amount, invoice, at);
            case RENEWED -> new SubscriptionRenewed(s.tenantId(), slug, s.id(), s.plan(), s.cycle(), required(before),
                    s.status(), s.periodStart(), s.periodEnd(), amount, invoice, at);
            case READ_ONLY -> new SubscriptionReadOnly(s.tenantId(), slug, s.id(), s.plan(), s.cycle(),
                    required(before), s.status(), s.periodStart(), s.periodEnd(), amount, invoice, at);
            case SUSPENDED -> new SubscriptionSuspended(s.tenantId(), slug, s.id(), s.plan(), s.cycle(),
                    required(before), s.status(), s.periodStart(), s.periodEnd(), amount, invoice, at);
            case EXPIRED -> new SubscriptionExpired(s.tenantId(), slug, s.id(), s.plan(), s.cycle(), required(before),
                    s.status(), s.periodStart(), s.periodEnd(), amount, invoice, at);
            case REACTIVATED -> new SubscriptionReactivated(s.tenantId(), slug, s.id(), s.plan(), s.cycle(),
                    required(before), s.status(), s.periodStart(), s.periodEnd(), amount, invoice, at);
        });
    }

    void graceStarted(String slug, SubscriptionStatus before, Subscription s, Money amount, String invoice) {
        publisher.publishEvent(new SubscriptionGraceStarted(s.tenantId(), slug, s.id(), s.plan(), s.cycle(), before,
                s.status(), s.periodStart(), s.periodEnd(), amount, invoice, clock.instant(), s.graceEndsAt()));
    }

    void cancelled(String slug, SubscriptionStatus before, Subscription s, boolean atPeriodEnd, String reason) {
        publisher.publishEvent(new SubscriptionCancelled(s.tenantId(), slug, s.id(), s.plan(), s.cycle(), before,
                s.status(), s.periodStart(), s.periodEnd(), null, null, clock.instant(), atPeriodEnd, reason));
    }

    void planChanged(String slug, Subscription before, Subscription s, @Nullable Money amount,
            @Nullable String invoice) {
        publisher.publishEvent(new SubscriptionPlanChanged(s.tenantId(), slug, s.id(), s.plan(), s.cycle(),
                before.status(), s.status(), s.periodStart(), s.periodEnd(), amount, invoice, clock.instant(),
                before.plan(), before.cycle()));
    }

    private static SubscriptionStatus required(@Nullable SubscriptionStatus before) {
        if (before == null) {
            throw new IllegalArgumentException("Only a trial starts without a status before");
        }
        return before;
    }
}
