package org.atrium.payments;

import java.time.Instant;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;

/** A recharge failed or expired at the gateway; nothing was credited. {@code status} is failed or expired. */
public record RechargeClosed(TenantId tenantId, String tenantSlug, String reference, Gateway gateway, Money amount,
        RechargeStatus status, Instant occurredAt) implements RechargeEvent {

    /** {@code recharge.failed} or {@code recharge.expired}. */
    @Override
    public String type() {
        return "recharge." + status.code();
    }
}
