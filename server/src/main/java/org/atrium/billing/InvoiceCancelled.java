package org.atrium.billing;

import java.time.Instant;
import java.util.UUID;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;

/**
 * An invoice was voided. Published inside the transaction that cancelled it.
 *
 * @param total      the total of the voided invoice
 * @param from       the status before ({@code draft}, {@code issued} or {@code overdue})
 * @param to         the status after ({@code cancelled})
 * @param occurredAt when it was cancelled
 */
public record InvoiceCancelled(TenantId tenantId, String number, UUID invoiceId, String reason, String tenantSlug,
        Money total, InvoiceStatus from, InvoiceStatus to, Instant occurredAt) {
}
