package org.atrium.billing;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * Filters for listing invoices; all optional. Without a tenant it is a platform query, for staff only.
 *
 * @param issuedFrom first issue date included
 * @param issuedTo   last issue date included
 * @param minTotal   smallest total included (in the invoice's own currency)
 * @param maxTotal   largest total included
 */
public record InvoiceQuery(@Nullable TenantId tenant, @Nullable InvoiceStatus status, @Nullable InvoiceType type,
        @Nullable LocalDate issuedFrom, @Nullable LocalDate issuedTo, @Nullable BigDecimal minTotal,
        @Nullable BigDecimal maxTotal) {

    public InvoiceQuery(@Nullable TenantId tenant, @Nullable InvoiceStatus status, @Nullable InvoiceType type) {
        this(tenant, status, type, null, null, null, null);
    }
}
