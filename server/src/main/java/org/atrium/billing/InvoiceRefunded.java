package org.atrium.billing;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;

/**
 * Part or all of a paid invoice was given back to the tenant's wallet, with a credit note. Published inside the
 * transaction that made the change.
 *
 * @param number           the refunded invoice
 * @param creditNoteNumber the credit note that records the refund
 * @param amount           the (positive) amount given back
 */
public record InvoiceRefunded(TenantId tenantId, String number, String creditNoteNumber, Money amount) {
}
