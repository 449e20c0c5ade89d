package org.atrium.developer.internal;

import java.time.Clock;

import org.atrium.billing.InvoiceCancelled;
import org.atrium.billing.InvoiceIssued;
import org.atrium.billing.InvoiceOverdue;
import org.atrium.billing.InvoicePaid;
import org.atrium.billing.InvoiceRefunded;
import org.atrium.metering.UsageThresholdCrossed;
import org.atrium.platform.TenantId;
import org.atrium.subscriptions.SubscriptionEvent;
import org.atrium.tenancy.TenantCreated;
import org.atrium.tenancy.TenantStatus;
import org.atrium.tenancy.TenantStatusChanged;
import org.atrium.wallet.WalletCredited;
import org.atrium.wallet.WalletDebited;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Turns the modules' events into webhook messages, after their transaction committed and from the event publication
 * table (a failure here is retried, never lost). {@code data} is the event as its module publishes it.
 */
@Component("outgoingWebhookEvents")
class WebhookEvents {

    private final JdbcWebhooks webhooks;
    private final Clock clock;

    WebhookEvents(JdbcWebhooks webhooks, Clock clock) {
        this.webhooks = webhooks;
        this.clock = clock;
    }

    private void send(TenantId tenant, String type, Object data) {
        webhooks.slugOf(tenant).ifPresent(slug -> webhooks.publish(tenant, slug, type, clock.instant(), data));
    }

    @ApplicationModuleListener
    void on(SubscriptionEvent event) {
        webhooks.publish(event.tenantId(), event.tenantSlug(), event.type(), event.occurredAt(), event);
    }

    @ApplicationModuleListener
    void on(TenantCreated event) {
        webhooks.publish(event.tenantId(), event.slug(), "tenant.created", clock.instant(), event);
    }

    @ApplicationModuleListener
    void on(TenantStatusChanged event) {
        if (event.to() == TenantStatus.SUSPENDED) {
            webhooks.publish(event.tenantId(), event.slug(), "tenant.suspended", clock.instant(), event);
        } else if (event.from() == TenantStatus.SUSPENDED) {
            webhooks.publish(event.tenantId(), event.slug(), "tenant.activated", clock.instant(), event);
        }
    }

    @ApplicationModuleListener
    void on(InvoiceIssued event) {
        send(event.tenantId(), "invoice.issued", event);
    }

    @ApplicationModuleListener
    void on(InvoicePaid event) {
        send(event.tenantId(), "invoice.paid", event);
    }

    @ApplicationModuleListener
    void on(InvoiceOverdue event) {
        send(event.tenantId(), "invoice.overdue", event);
    }

    @ApplicationModuleListener
    void on(InvoiceCancelled event) {
        send(event.tenantId(), "invoice.cancelled", event);
    }

    @ApplicationModuleListener
    void on(InvoiceRefunded event) {
        send(event.tenantId(), "invoice.refunded", event);
    }

    @ApplicationModuleListener
    void on(WalletCredited event) {
        send(event.tenantId(), "wallet.credited", event);
    }

    @ApplicationModuleListener
    void on(WalletDebited event) {
        send(event.tenantId(), "wallet.debited", event);
    }

    @ApplicationModuleListener
    void on(UsageThresholdCrossed event) {
        send(event.tenantId(), "usage.threshold_crossed", event);
    }
}
