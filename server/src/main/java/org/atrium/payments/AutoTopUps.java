package org.atrium.payments;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * Auto top-up through Stripe: a card saved with Stripe Checkout in setup mode, a threshold and an amount. Falling
 * below the threshold (a wallet debit) charges the card off-session once per crossing, through the same
 * exactly-once credit as every recharge; declines and cards that need the holder's authentication notify the tenant
 * and, after {@code ATRIUM_AUTO_TOP_UP_MAX_FAILURES} in a row, turn the auto top-up off.
 */
public interface AutoTopUps {

    Optional<AutoTopUp> find(TenantId tenant);

    /**
     * Sets the threshold and amount (in the wallet's currency) and turns the auto top-up on or off.
     *
     * @param enabled null keeps the current state (off for a new one)
     * @throws org.atrium.platform.ProblemException 400 for a bad amount or threshold, or when Stripe is not
     *                                              configured for the tenant; 409 to turn it on without a saved card
     */
    AutoTopUp configure(TenantId tenant, @Nullable BigDecimal threshold, @Nullable BigDecimal amount,
            @Nullable Boolean enabled);

    /**
     * Starts a Stripe Checkout Session in setup mode for the tenant's Stripe customer (made on first use).
     *
     * @param returnUrl where the tenant comes back to, checked like a recharge's
     * @return where to send the tenant to enter the card
     */
    String startCardSetup(TenantId tenant, @Nullable String returnUrl);

    /**
     * The tenant came back from the setup page (or its webhook arrived): reads the session back from Stripe and
     * saves its payment method. Returns where to send the tenant on.
     *
     * @param parameters the return's query parameters ({@code session_id})
     */
    String cardSetupReturned(TenantId tenant, Map<String, String> parameters);

    /** Turns the auto top-up off and forgets the saved card (Stripe keeps the customer). */
    void remove(TenantId tenant);

    /**
     * Sends again, with the same idempotency key, the charges Stripe did not answer (or whose node stopped before
     * sending them) once they are due; the payments retry task calls it. Returns how many were sent.
     */
    int retryCharges();
}
