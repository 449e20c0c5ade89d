package org.atrium.billing;

import java.time.Instant;
import java.util.UUID;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;

/**
 * Part or all of a paid invoice was given back to the tenant's wallet, with a credit note. Published inside the
 * transaction that made the change. The refunded invoice stays {@code paid}.
 *
 * @param number           the refunded invoice
 * @param creditNoteNumber the credit note that records the refund
 * @param amount           the (positive) amount given back
 * @param refundedTotal    everything refunded of the invoice so far, this refund included
 * @param occurredAt       when it was refunded
 */
public record InvoiceRefunded(TenantId tenantId, String number, String creditNoteNumber, Money amount,
        UUID invoiceId, String tenantSlug, Money refundedTotal, Instant occurredAt) {
}
