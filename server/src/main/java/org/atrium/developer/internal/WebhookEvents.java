package org.atrium.developer.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.atrium.billing.InvoiceCancelled;
import org.atrium.billing.InvoiceIssued;
import org.atrium.billing.InvoiceOverdue;
import org.atrium.billing.InvoicePaid;
import org.atrium.billing.InvoiceRefunded;
import org.atrium.metering.UsageThresholdCrossed;
import org.atrium.platform.TenantId;
import org.atrium.platform.web.ApiResource;
import org.atrium.subscriptions.SubscriptionEvent;
import org.atrium.tenancy.TenantCreated;
import org.atrium.tenancy.TenantDeleted;
import org.atrium.tenancy.TenantStatus;
import org.atrium.tenancy.TenantStatusChanged;
import org.atrium.wallet.WalletCredited;
import org.atrium.wallet.WalletDebited;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the modules' events into webhook messages, in the transaction that published them: each event is handed to
 * {@link WebhookOutbox}, which writes the transaction's messages and their deliveries together just before it
 * commits (one lookup of the endpoints and one insert for all of them, however many events the transaction
 * published: a chunk of the daily run publishes hundreds). The deliveries table is the webhooks' outbox: a message
 * exists exactly when the change that caused it committed, and the dispatcher sends it from there and retries it.
 * {@code data} is the resource the event is about, as its {@code GET} answers it ({@link ApiResource}, the owning
 * module's own view), read just before the commit and only for an event some endpoint wants; an event about no
 * resource ({@code usage.threshold_crossed}) carries the event itself.
 */
@Component("outgoingWebhookEvents")
class WebhookEvents {

    private final WebhookOutbox outbox;
    private final Clock clock;
    private final Map<String, ApiResource> resources;

    WebhookEvents(WebhookOutbox outbox, Clock clock, List<ApiResource> resources) {
        this.outbox = outbox;
        this.clock = clock;
        this.resources = resources.stream().collect(Collectors.toUnmodifiableMap(ApiResource::kind,
                Function.identity()));
    }

    /**
     * Publishes one event about one resource; {@code fallback} is the data when the resource cannot be read (a kind
     * no module serves, or one removed meanwhile). For other mappings of this module, such as the recharges'.
     */
    void send(TenantId tenant, @Nullable String slug, String type, @Nullable Instant occurredAt, String kind,
            String key, Object fallback) {
        ApiResource resource = resources.get(kind);
        outbox.add(tenant, slug, type, occurredAt != null ? occurredAt : clock.instant(),
                () -> resource == null ? fallback : resource.find(tenant, key).orElse(fallback));
    }

    @EventListener
    void on(SubscriptionEvent event) {
        send(event.tenantId(), event.tenantSlug(), event.type(), event.occurredAt(), "subscription",
                event.tenantSlug(), event);
    }

    @EventListener
    void on(TenantCreated event) {
        send(event.tenantId(), event.slug(), "tenant.created", event.occurredAt(), "tenant", event.slug(), event);
    }

    @EventListener
    void on(TenantStatusChanged event) {
        if (event.to() == TenantStatus.SUSPENDED) {
            send(event.tenantId(), event.slug(), "tenant.suspended", event.occurredAt(), "tenant", event.slug(),
                    event);
        } else if (event.from() == TenantStatus.SUSPENDED) {
            send(event.tenantId(), event.slug(), "tenant.activated", event.occurredAt(), "tenant", event.slug(),
                    event);
        }
    }

    @EventListener
    void on(TenantDeleted event) {
        send(event.tenantId(), event.slug(), "tenant.deleted", event.occurredAt(), "tenant", event.slug(), event);
    }

    @EventListener
    void on(InvoiceIssued event) {
        send(event.tenantId(), event.tenantSlug(), "invoice.issued", event.occurredAt(), "invoice", event.number(),
                event);
    }

    @EventListener
    void on(InvoicePaid event) {
        send(event.tenantId(), event.tenantSlug(), "invoice.paid", event.occurredAt(), "invoice", event.number(),
                event);
    }

    @EventListener
    void on(InvoiceOverdue event) {
        send(event.tenantId(), event.tenantSlug(), "invoice.overdue", event.occurredAt(), "invoice", event.number(),
                event);
    }

    @EventListener
    void on(InvoiceCancelled event) {
        send(event.tenantId(), event.tenantSlug(), "invoice.cancelled", event.occurredAt(), "invoice",
                event.number(), event);
    }

    @EventListener
    void on(InvoiceRefunded event) {
        send(event.tenantId(), event.tenantSlug(), "invoice.refunded", event.occurredAt(), "invoice",
                event.number(), event);
    }

    @EventListener
    void on(WalletCredited event) {
        send(event.tenantId(), event.tenantSlug(), "wallet.credited", event.occurredAt(), "wallet-transaction",
                event.reference(), event);
    }

    @EventListener
    void on(WalletDebited event) {
        send(event.tenantId(), event.tenantSlug(), "wallet.debited", event.occurredAt(), "wallet-transaction",
                event.reference(), event);
    }

    /** The only event without its tenant's slug: the outbox reads the slugs of a transaction's events together. */
    @EventListener
    void on(UsageThresholdCrossed event) {
        send(event.tenantId(), null, "usage.threshold_crossed", null, "usage-threshold", event.metric(), event);
    }
}
