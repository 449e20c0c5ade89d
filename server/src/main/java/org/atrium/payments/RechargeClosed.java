package org.atrium.payments;

import org.atrium.platform.TenantId;

/** A recharge failed or expired at the gateway; nothing was credited. */
public record RechargeClosed(TenantId tenantId, String reference, Gateway gateway, RechargeStatus status) {
}
