package org.atrium.payments.internal;

import org.atrium.platform.Money;
import org.jspecify.annotations.Nullable;

/**
 * A gateway's own account of a recharge's payment, read back from it.
 *
 * @param reference the reference the gateway holds for the payment (must be the recharge's)
 * @param amount    what the gateway says was (or is to be) paid, null when it does not say
 * @param paymentId the gateway's payment id, once there is one
 */
record GatewayPayment(Outcome outcome, @Nullable String reference, @Nullable Money amount,
        @Nullable String paymentId) {

    enum Outcome {
        /** Paid in full: credit. */
        SUCCEEDED,
        /** Not yet decided (delayed payment methods, payer still on the page). */
        PENDING,
        FAILED,
        EXPIRED
    }
}
