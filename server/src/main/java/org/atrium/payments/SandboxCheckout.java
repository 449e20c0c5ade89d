package org.atrium.payments;

import java.util.Optional;

import org.atrium.platform.Money;

/** Atrium's own hosted checkout page: what it shows, and what the payer's buttons do. */
public interface SandboxCheckout {

    /**
     * @param status {@code open}, {@code processing} (paid later, not settled yet), {@code paid}, {@code declined},
     *               {@code expired}
     */
    record Page(String sessionId, String reference, String tenantName, Money amount, String status) {
    }

    enum Action {
        /** Pay now: the session completes paid. */
        PAY,
        /** The card is declined: the payment fails. */
        DECLINE,
        /** A delayed payment method: the session completes unpaid and settles later. */
        PAY_LATER,
        /** The delayed payment arrives. */
        SETTLE,
        /** The delayed payment fails. */
        FAIL,
        /** The payer gives up: the session expires. */
        EXPIRE
    }

    Optional<Page> page(String sessionId);

    /**
     * Does what the payer chose, sends the gateway's signed webhook for it and returns where the payer goes next
     * (Atrium's return callback).
     *
     * @throws org.atrium.platform.ProblemException 404 for an unknown session, 409 when the action does not apply
     *                                              to the session's state
     */
    String act(String sessionId, Action action);
}
