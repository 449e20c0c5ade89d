package org.atrium.payments;

import org.atrium.platform.TenantId;

/** Reading and changing a tenant's own gateway credentials. */
public interface TenantPaymentSettings {

    PaymentSettings get(TenantId tenant);

    PaymentSettings change(TenantId tenant, PaymentSettings.Change change);
}
