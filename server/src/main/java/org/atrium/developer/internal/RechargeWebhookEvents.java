package org.atrium.developer.internal;

import org.atrium.payments.RechargeClosed;
import org.atrium.payments.RechargeFlagged;
import org.atrium.payments.RechargePaid;
import org.atrium.payments.RechargeStatus;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * The payments module's recharge events as {@code recharge.*} webhooks, {@code data} the recharge as
 * {@code GET /api/v1/tenants/{slug}/recharges/{reference}} answers it. Kept apart from {@link WebhookEvents} so that
 * a change of the payments module's events touches this mapping only: each listener names the event, the webhook
 * type and the reference.
 */
@Component
class RechargeWebhookEvents {

    private static final String KIND = "recharge";

    private final WebhookEvents events;

    RechargeWebhookEvents(WebhookEvents events) {
        this.events = events;
    }

    @ApplicationModuleListener
    void on(RechargePaid event) {
        events.send(event.tenantId(), null, "recharge.paid", null, KIND, event.reference(), event);
    }

    @ApplicationModuleListener
    void on(RechargeFlagged event) {
        events.send(event.tenantId(), null, "recharge.flagged", null, KIND, event.reference(), event);
    }

    /** A recharge that expired unpaid is not a failure the tenant must act on: only {@code failed} is sent. */
    @ApplicationModuleListener
    void on(RechargeClosed event) {
        if (event.status() == RechargeStatus.FAILED) {
            events.send(event.tenantId(), null, "recharge.failed", null, KIND, event.reference(), event);
        }
    }
}
