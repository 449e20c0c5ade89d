package org.atrium.payments;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;

/** A recharge was paid and its amount credited to the wallet (in the same transaction). */
public record RechargePaid(TenantId tenantId, String reference, Gateway gateway, Money amount) {
}
