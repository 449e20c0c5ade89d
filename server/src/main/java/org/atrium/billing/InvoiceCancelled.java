package org.atrium.billing;

import java.util.UUID;

import org.atrium.platform.TenantId;

/** An invoice was voided. Published inside the transaction that cancelled it. */
public record InvoiceCancelled(TenantId tenantId, String number, UUID invoiceId, String reason) {
}
