package org.atrium.billing.web;

import java.util.Optional;

import org.atrium.billing.Invoicing;
import org.atrium.platform.TenantId;
import org.atrium.platform.web.ApiResource;
import org.springframework.stereotype.Component;

/** An invoice as {@code GET /api/v1/invoices/{number}} answers it. */
@Component
class InvoiceResource implements ApiResource {

    private final Invoicing invoicing;

    InvoiceResource(Invoicing invoicing) {
        this.invoicing = invoicing;
    }

    @Override
    public String kind() {
        return "invoice";
    }

    @Override
    public Optional<Object> find(TenantId tenant, String number) {
        return invoicing.find(tenant, number).map(InvoiceView::of);
    }
}
