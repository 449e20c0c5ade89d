package org.atrium.payments;

import java.time.Instant;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;

/**
 * A recharge was paid and its amount credited to the wallet (in the same transaction).
 *
 * @param autoTopUp whether the tenant's saved card was charged by its auto top-up (otherwise the tenant paid at the
 *                  gateway's checkout)
 */
public record RechargePaid(TenantId tenantId, String tenantSlug, String reference, Gateway gateway, Money amount,
        boolean autoTopUp, Instant occurredAt) implements RechargeEvent {

    @Override
    public RechargeStatus status() {
        return RechargeStatus.PAID;
    }

    @Override
    public String type() {
        return "recharge.paid";
    }
}
