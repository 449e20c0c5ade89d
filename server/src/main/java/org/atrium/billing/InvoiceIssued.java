package org.atrium.billing;

import java.time.LocalDate;
import java.util.UUID;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;

/** An invoice (or credit note) was issued. Published inside the transaction that issued it. */
public record InvoiceIssued(TenantId tenantId, String number, UUID invoiceId, InvoiceType type, Money total,
        LocalDate dueDate) {
}
