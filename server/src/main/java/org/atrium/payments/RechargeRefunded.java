package org.atrium.payments;

import java.time.Instant;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;

/**
 * Part or all of a paid recharge was given back through its gateway and taken from the wallet.
 *
 * @param refundReference the refund's own reference (the ledger reference of its debit)
 * @param refund          this refund's amount
 * @param refundedTotal   everything refunded of the recharge so far, this refund included
 * @param status          paid while part of it is left, refunded once all of it was given back
 */
public record RechargeRefunded(TenantId tenantId, String tenantSlug, String reference, Gateway gateway, Money amount,
        String refundReference, Money refund, Money refundedTotal, RechargeStatus status, Instant occurredAt)
        implements RechargeEvent {

    @Override
    public String type() {
        return "recharge.refunded";
    }
}
