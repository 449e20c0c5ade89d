package org.atrium.payments;

import java.time.Instant;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;

/**
 * A gateway reported a payment that does not match its recharge; nothing was credited, staff must look at it.
 *
 * @param reason what did not match (amount, currency or reference), for staff
 */
public record RechargeFlagged(TenantId tenantId, String tenantSlug, String reference, Gateway gateway, Money amount,
        String reason, Instant occurredAt) implements RechargeEvent {

    @Override
    public RechargeStatus status() {
        return RechargeStatus.FLAGGED;
    }

    @Override
    public String type() {
        return "recharge.flagged";
    }
}
