package org.atrium.payments;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/** Recharging wallets through payment gateways: checkout, confirmation, refunds. */
public interface Recharging {

    /**
     * Stores a pending recharge and starts the gateway's checkout for it.
     *
     * @param gateway   a gateway code; null for the default one (the only configured gateway, or the sandbox)
     * @param returnUrl absolute on the platform's host, or a path resolved against {@code ATRIUM_PUBLIC_URL}
     * @throws org.atrium.platform.ProblemException 400 for a bad amount, gateway or return URL (nothing stored); 502
     *                                              when the gateway refuses or does not answer (the recharge is kept
     *                                              as failed)
     */
    Recharge start(TenantId tenant, @Nullable BigDecimal amount, @Nullable String gateway,
            @Nullable String returnUrl);

    Optional<Recharge> find(TenantId tenant, String reference);

    /** The recharge, or a 404 problem. */
    Recharge require(TenantId tenant, String reference);

    PageResponse<Recharge> list(TenantId tenant, PageRequest page, @Nullable RechargeStatus status);

    /** Flagged recharges of every tenant, for staff. */
    PageResponse<Recharge> flagged(PageRequest page);

    /**
     * The tenant came back from the gateway: asks the gateway about the payment and settles the recharge (credited
     * once). Returns the recharge as it now stands; a gateway that does not answer leaves it pending and schedules a
     * retry.
     *
     * @param parameters the query parameters of the return (PayPal's {@code token}, Paystack's {@code reference} …)
     */
    Recharge returned(String reference, Map<String, String> parameters);

    /**
     * Gives part or all of a paid recharge back through its gateway and takes it from the wallet, once per
     * {@code idempotencyKey}.
     *
     * @param amount null for what is left to refund
     */
    Recharge refund(TenantId tenant, String reference, @Nullable BigDecimal amount, @Nullable String reason,
            @Nullable String idempotencyKey);

    /** Asks the gateways again about recharges whose confirmation timed out; returns how many were settled. */
    int retryConfirmations();
}
