package org.atrium.billing.internal;

import java.util.Map;

import org.atrium.billing.InvoiceQuery;

/** The one translation of an {@link InvoiceQuery} into SQL conditions, for the list and the export alike. */
final class InvoiceFilters {

    private InvoiceFilters() {
    }

    /** Appends {@code and …} for every filter set, and puts its parameter. */
    static void append(InvoiceQuery query, StringBuilder where, Map<String, Object> params) {
        if (query.tenant() != null) {
            where.append(" and tenant_id = :tenant");
            params.put("tenant", query.tenant().value());
        }
        if (query.status() != null) {
            where.append(" and status = :status");
            params.put("status", query.status().code());
        }
        if (query.type() != null) {
            where.append(" and type = :type");
            params.put("type", query.type().code());
        }
        if (query.issuedFrom() != null) {
            where.append(" and issue_date >= :issuedFrom");
            params.put("issuedFrom", query.issuedFrom());
        }
        if (query.issuedTo() != null) {
            where.append(" and issue_date <= :issuedTo");
            params.put("issuedTo", query.issuedTo());
        }
        if (query.minTotal() != null) {
            where.append(" and total >= :minTotal");
            params.put("minTotal", query.minTotal());
        }
        if (query.maxTotal() != null) {
            where.append(" and total <= :maxTotal");
            params.put("maxTotal", query.maxTotal());
        }
    }
}
