package org.atrium.payments.internal;

import org.atrium.platform.Money;
import org.jspecify.annotations.Nullable;

/**
 * A verified webhook, normalised.
 *
 * @param id        the gateway's event id, unique per gateway (replays carry the same)
 * @param reference the recharge reference the event concerns, if it names one
 * @param refundId  for a refund, the gateway's refund id
 * @param refund    for a refund, its amount
 * @param objectId  the gateway object the event is about, where Atrium reads it back by that id (a card setup's
 *                  Checkout Session)
 */
record InboundEvent(String id, String type, Kind kind, @Nullable String reference, @Nullable String refundId,
        @Nullable Money refund, @Nullable String objectId) {

    InboundEvent(String id, String type, Kind kind, @Nullable String reference, @Nullable String refundId,
            @Nullable Money refund) {
        this(id, type, kind, reference, refundId, refund, null);
    }

    enum Kind {
        /** Something happened to a payment: read it back from the gateway and settle. */
        PAYMENT_CHANGED,
        /** The payment failed (for read-backs that cannot tell failed from still pending). */
        PAYMENT_FAILED,
        REFUNDED,
        /** A Checkout Session in setup mode completed: a tenant saved a card for auto top-up ({@code reference} is
         *  the tenant id). */
        CARD_SETUP,
        /** An event type Atrium does not act on. */
        IGNORED
    }
}
