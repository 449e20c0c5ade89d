package org.atrium.billing;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Buyer or seller as printed on an invoice, captured when it was issued: later changes to the tenant or the
 * settings do not change an issued invoice.
 */
public record InvoiceParty(String name, List<String> addressLines, @Nullable String country,
        @Nullable String taxId, @Nullable String email) {
}
