package org.atrium.payments;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;

/** Part or all of a paid recharge was given back through its gateway and taken from the wallet. */
public record RechargeRefunded(TenantId tenantId, String reference, String refundReference, Money amount,
        Money refundedTotal) {
}
