package org.atrium.billing;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/** Filters for listing invoices; all optional. Without a tenant it is a platform query, for staff only. */
public record InvoiceQuery(@Nullable TenantId tenant, @Nullable InvoiceStatus status, @Nullable InvoiceType type) {
}
