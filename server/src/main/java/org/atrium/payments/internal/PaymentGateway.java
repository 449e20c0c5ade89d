package org.atrium.payments.internal;

import java.util.Map;

import org.atrium.payments.Gateway;
import org.atrium.payments.Recharge;
import org.atrium.platform.Money;
import org.jspecify.annotations.Nullable;

/**
 * What Atrium needs of a payment gateway. Implementations talk the gateway's own protocol and normalise what it
 * says; they decide nothing about wallets or recharges.
 */
interface PaymentGateway {

    Gateway name();

    /** Whether these credentials are enough to take payments. */
    boolean isConfigured(GatewayCredentials credentials);

    /** Creates the gateway's checkout for a pending recharge and returns where to send the payer. */
    Checkout startCheckout(GatewayCredentials credentials, CheckoutRequest request);

    /**
     * Asks the gateway how the recharge's payment stands (and, for gateways that need it, completes it: PayPal
     * captures an approved order). Never trusts the caller's word.
     *
     * @param returnParameters the query parameters of the payer's return, if this is the return callback
     * @param hint             what an inbound event said, for states the gateway's read-back cannot tell apart
     * @throws GatewayUnavailable when the gateway does not answer in time (to be retried)
     */
    GatewayPayment lookUp(GatewayCredentials credentials, Recharge recharge, Map<String, String> returnParameters,
            @Nullable InboundEvent hint);

    /**
     * Verifies an inbound webhook and normalises it.
     *
     * @throws WebhookRejected when the signature is missing, wrong or stale, or the body cannot be read
     */
    InboundEvent verify(GatewayCredentials credentials, Map<String, String> headers, byte[] body);

    /** Normalises a body that was verified when it was received (for re-processing a stored event). */
    InboundEvent parse(byte[] body);

    /** The recharge reference an unverified body names, to choose a tenant's own credentials; null if none. */
    @Nullable
    String referenceHint(byte[] body);

    /**
     * Refunds part or all of a recharge's payment; {@code idempotencyKey} makes a retried call refund once.
     *
     * @return the gateway's refund id
     */
    String refund(GatewayCredentials credentials, Recharge recharge, Money amount, String idempotencyKey);

    /** A checkout to create: the payer comes back to {@code successUrl} or {@code cancelUrl}. */
    record CheckoutRequest(String reference, Money amount, String tenantName, @Nullable String payerEmail,
            String successUrl, String cancelUrl) {
    }

    /** @param sessionId the gateway's checkout object id */
    record Checkout(String sessionId, String redirectUrl) {
    }
}
