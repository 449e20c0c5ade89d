package org.atrium.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;

/**
 * An invoice (or credit note) was issued. Published inside the transaction that issued it.
 *
 * @param from       the status before ({@code draft})
 * @param to         the status after ({@code issued})
 * @param occurredAt when it was issued
 */
public record InvoiceIssued(TenantId tenantId, String number, UUID invoiceId, InvoiceType type, Money total,
        LocalDate dueDate, String tenantSlug, InvoiceStatus from, InvoiceStatus to, Instant occurredAt) {
}
