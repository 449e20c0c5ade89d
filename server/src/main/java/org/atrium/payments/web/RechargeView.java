package org.atrium.payments.web;

import java.time.Instant;

import org.atrium.payments.Recharge;
import org.jspecify.annotations.Nullable;

/** A recharge as the API shows it: money as decimal strings beside the currency. */
record RechargeView(String reference, String status, String gateway, String amount, String currency,
        @Nullable String checkoutUrl, String returnUrl, String refunded, @Nullable String flagReason,
        Instant createdAt, @Nullable Instant paidAt) {

    static RechargeView of(Recharge r) {
        return new RechargeView(r.reference(), r.status().code(), r.gateway().code(), r.amount().toPlainString(),
                r.amount().currencyCode(), r.checkoutUrl(), r.returnUrl(), r.refunded().toPlainString(),
                r.flagReason(), r.createdAt(), r.paidAt());
    }
}
