package org.atrium.developer.internal;

import org.atrium.payments.RechargeEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The payments module's recharge events as {@code recharge.*} webhooks ({@link RechargeEvent#type()}: paid, failed,
 * expired, flagged, refunded, auto_top_up_failed), {@code data} the recharge as
 * {@code GET /api/v1/tenants/{slug}/recharges/{reference}} answers it. Kept apart from {@link WebhookEvents} so that
 * a change of the payments module's events touches this mapping only. In the transaction that published the event,
 * like every other webhook message.
 */
@Component
class RechargeWebhookEvents {

    private static final String KIND = "recharge";

    private final WebhookEvents events;

    RechargeWebhookEvents(WebhookEvents events) {
        this.events = events;
    }

    @EventListener
    void on(RechargeEvent event) {
        events.send(event.tenantId(), event.tenantSlug(), event.type(), event.occurredAt(), KIND, event.reference(),
                event);
    }
}
