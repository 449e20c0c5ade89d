package org.atrium.payments;

import org.atrium.platform.TenantId;

/** A gateway reported a payment that does not match its recharge; nothing was credited, staff must look at it. */
public record RechargeFlagged(TenantId tenantId, String reference, Gateway gateway, String reason) {
}
