package org.atrium.billing;

import java.time.LocalDate;
import java.util.UUID;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;

/** An issued invoice passed its due date unpaid. Published inside the transaction that marked it. */
public record InvoiceOverdue(TenantId tenantId, String number, UUID invoiceId, Money amountDue, LocalDate dueDate) {
}
