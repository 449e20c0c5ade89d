package org.atrium.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;

/**
 * An issued invoice passed its due date unpaid. Published inside the transaction that marked it.
 *
 * @param from       the status before ({@code issued})
 * @param to         the status after ({@code overdue})
 * @param occurredAt when it was marked
 */
public record InvoiceOverdue(TenantId tenantId, String number, UUID invoiceId, Money amountDue, LocalDate dueDate,
        String tenantSlug, InvoiceStatus from, InvoiceStatus to, Instant occurredAt) {
}
