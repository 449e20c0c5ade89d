package org.atrium.portal.web;

import org.atrium.billing.Invoice;
import org.atrium.billing.InvoiceQuery;
import org.atrium.billing.Invoicing;
import org.atrium.identity.TenantRole.TenantPermissions;
import org.atrium.platform.ProblemException;
import org.atrium.tenancy.Tenant;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;

/** The tenant's invoices and credit notes, each with its PDF. Another tenant's invoice number is not found. */
@Controller
class InvoicePages {

    private final Invoicing invoicing;

    InvoicePages(Invoicing invoicing) {
        this.invoicing = invoicing;
    }

    @GetMapping({ "/t/{slug}/portal/invoices", "/portal/invoices" })
    String list(@RequestParam(required = false) Integer page, HttpServletRequest request, Model model) {
        Portal.require(TenantPermissions.READ);
        Tenant tenant = Portal.tenant(request);
        model.addAttribute("invoices", invoicing.list(new InvoiceQuery(tenant.id(), null, null),
                Portal.newest(page, "issued_at")));
        return "portal/invoices";
    }

    @GetMapping({ "/t/{slug}/portal/invoices/{number}/pdf", "/portal/invoices/{number}/pdf" })
    ResponseEntity<byte[]> pdf(@PathVariable String number, HttpServletRequest request) {
        Portal.require(TenantPermissions.READ);
        Invoice invoice = invoicing.find(Portal.tenant(request).id(), number)
                .orElseThrow(() -> ProblemException.notFound("Invoice", number));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline().filename(invoice.number() + ".pdf").build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store").body(invoicing.pdf(invoice.number()));
    }
}
