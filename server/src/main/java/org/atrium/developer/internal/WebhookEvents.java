package org.atrium.developer.internal;

import java.time.Clock;

import org.atrium.billing.InvoiceCancelled;
import org.atrium.billing.InvoiceIssued;
import org.atrium.billing.InvoiceOverdue;
import org.atrium.billing.InvoicePaid;
import org.atrium.billing.InvoiceRefunded;
import org.atrium.metering.UsageThresholdCrossed;
import org.atrium.subscriptions.SubscriptionEvent;
import org.atrium.tenancy.TenantCreated;
import org.atrium.tenancy.TenantStatus;
import org.atrium.tenancy.TenantStatusChanged;
import org.atrium.wallet.WalletCredited;
import org.atrium.wallet.WalletDebited;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the modules' events into webhook messages, in the transaction that published them: each event is handed to
 * {@link WebhookOutbox}, which writes the transaction's messages and their deliveries together just before it
 * commits (one lookup of the endpoints and one insert for all of them, however many events the transaction
 * published: a chunk of the daily run publishes hundreds). The deliveries table is the webhooks' outbox: a message
 * exists exactly when the change that caused it committed, and the dispatcher sends it from there and retries it.
 * {@code data} is the event as its module publishes it.
 */
@Component("outgoingWebhookEvents")
class WebhookEvents {

    private final WebhookOutbox outbox;
    private final Clock clock;

    WebhookEvents(WebhookOutbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @EventListener
    void on(SubscriptionEvent event) {
        outbox.add(event.tenantId(), event.tenantSlug(), event.type(), event.occurredAt(), event);
    }

    @EventListener
    void on(TenantCreated event) {
        outbox.add(event.tenantId(), event.slug(), "tenant.created", clock.instant(), event);
    }

    @EventListener
    void on(TenantStatusChanged event) {
        if (event.to() == TenantStatus.SUSPENDED) {
            outbox.add(event.tenantId(), event.slug(), "tenant.suspended", event.occurredAt(), event);
        } else if (event.from() == TenantStatus.SUSPENDED) {
            outbox.add(event.tenantId(), event.slug(), "tenant.activated", event.occurredAt(), event);
        }
    }

    @EventListener
    void on(InvoiceIssued event) {
        outbox.add(event.tenantId(), event.tenantSlug(), "invoice.issued", event.occurredAt(), event);
    }

    @EventListener
    void on(InvoicePaid event) {
        outbox.add(event.tenantId(), event.tenantSlug(), "invoice.paid", event.occurredAt(), event);
    }

    @EventListener
    void on(InvoiceOverdue event) {
        outbox.add(event.tenantId(), event.tenantSlug(), "invoice.overdue", event.occurredAt(), event);
    }

    @EventListener
    void on(InvoiceCancelled event) {
        outbox.add(event.tenantId(), event.tenantSlug(), "invoice.cancelled", event.occurredAt(), event);
    }

    @EventListener
    void on(InvoiceRefunded event) {
        outbox.add(event.tenantId(), event.tenantSlug(), "invoice.refunded", event.occurredAt(), event);
    }

    @EventListener
    void on(WalletCredited event) {
        outbox.add(event.tenantId(), event.tenantSlug(), "wallet.credited", event.occurredAt(), event);
    }

    @EventListener
    void on(WalletDebited event) {
        outbox.add(event.tenantId(), event.tenantSlug(), "wallet.debited", event.occurredAt(), event);
    }

    /** The only event without its tenant's slug: the outbox reads the slugs of a transaction's events together. */
    @EventListener
    void on(UsageThresholdCrossed event) {
        outbox.add(event.tenantId(), null, "usage.threshold_crossed", clock.instant(), event);
    }
}
