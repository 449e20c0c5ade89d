package org.atrium.console.web;

import java.math.BigDecimal;
import java.time.Clock;

import org.atrium.billing.Invoice;
import org.atrium.billing.Invoicing;
import org.atrium.platform.Ids;
import org.atrium.platform.ProblemException;
import org.atrium.platform.Reasons;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Cancelling and refunding one of a tenant's invoices, each in two requests: the form is checked and shown back for
 * confirmation, then the confirmed form calls {@link Invoicing#cancel} or {@link Invoicing#refund}, as
 * {@code POST /api/v1/invoices/{number}/cancel|refund} does, with the same permission. A refund's reference is filled
 * in when the form opens, so the confirmed form sent twice refunds once (the same credit note comes back).
 */
@Controller
@RequestMapping("/hq/tenants/{slug}/invoices/{number}")
class InvoiceActions extends ConsolePage {

    private static final String VIEW = "console/tenant-invoice-action";

    private final Tenants tenants;
    private final Invoicing invoicing;
    private final Clock clock;

    InvoiceActions(Tenants tenants, Invoicing invoicing, Clock clock) {
        this.tenants = tenants;
        this.invoicing = invoicing;
        this.clock = clock;
    }

    /** The form's fields as typed; {@code action} is {@code cancel} or {@code refund}. */
    record InvoiceAction(String action, String amount, String reason, String reference) {
    }

    @GetMapping("/cancel")
    @PreAuthorize("hasAuthority('saas.invoices.manage')")
    String cancelForm(@PathVariable String slug, @PathVariable String number, Model model) {
        Tenant tenant = tenants.requireBySlug(slug);
        return show(tenant, invoiceOf(tenant, number), new InvoiceAction("cancel", "", "", ""), false, null, model);
    }

    @PostMapping("/cancel/confirm")
    @PreAuthorize("hasAuthority('saas.invoices.manage')")
    String cancelConfirm(@PathVariable String slug, @PathVariable String number,
            @RequestParam(defaultValue = "") String reason, Model model, HttpServletResponse response) {
        Tenant tenant = tenants.requireBySlug(slug);
        Invoice invoice = invoiceOf(tenant, number);
        InvoiceAction form = new InvoiceAction("cancel", "", reason.strip(), "");
        try {
            Reasons.require(form.reason());
            return show(tenant, invoice, form, true, null, model);
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return show(tenant, invoice, form, false, e.getMessage(), model);
        }
    }

    @PostMapping("/cancel")
    @PreAuthorize("hasAuthority('saas.invoices.manage')")
    String cancel(@PathVariable String slug, @PathVariable String number,
            @RequestParam(defaultValue = "") String reason, Model model, HttpServletResponse response) {
        Tenant tenant = tenants.requireBySlug(slug);
        Invoice invoice = invoiceOf(tenant, number);
        InvoiceAction form = new InvoiceAction("cancel", "", reason.strip(), "");
        try {
            invoicing.cancel(invoice.number(), Reasons.require(form.reason()));
            return "redirect:/hq/tenants/" + slug + "/invoices?done=invoice-cancelled";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return show(tenant, invoice, form, false, e.getMessage(), model);
        }
    }

    @GetMapping("/refund")
    @PreAuthorize("hasAuthority('saas.invoices.manage')")
    String refundForm(@PathVariable String slug, @PathVariable String number, Model model) {
        Tenant tenant = tenants.requireBySlug(slug);
        InvoiceAction form = new InvoiceAction("refund", "", "", "hq-" + Ids.newId(clock));
        return show(tenant, invoiceOf(tenant, number), form, false, null, model);
    }

    @PostMapping("/refund/confirm")
    @PreAuthorize("hasAuthority('saas.invoices.manage')")
    String refundConfirm(@PathVariable String slug, @PathVariable String number,
            @RequestParam(defaultValue = "") String amount, @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "") String reference, Model model, HttpServletResponse response) {
        Tenant tenant = tenants.requireBySlug(slug);
        Invoice invoice = invoiceOf(tenant, number);
        InvoiceAction form = new InvoiceAction("refund", amount.strip(), reason.strip(), reference.strip());
        try {
            model.addAttribute("amount", check(form));
            return show(tenant, invoice, form, true, null, model);
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return show(tenant, invoice, form, false, e.getMessage(), model);
        }
    }

    @PostMapping("/refund")
    @PreAuthorize("hasAuthority('saas.invoices.manage')")
    String refund(@PathVariable String slug, @PathVariable String number,
            @RequestParam(defaultValue = "") String amount, @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "") String reference, Model model, HttpServletResponse response) {
        Tenant tenant = tenants.requireBySlug(slug);
        Invoice invoice = invoiceOf(tenant, number);
        InvoiceAction form = new InvoiceAction("refund", amount.strip(), reason.strip(), reference.strip());
        try {
            invoicing.refund(invoice.number(), check(form), form.reason(), form.reference());
            return "redirect:/hq/tenants/" + slug + "/invoices?done=refunded";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return show(tenant, invoice, form, false, e.getMessage(), model);
        }
    }

    /** What the form can tell before billing is asked; billing checks the rest (decimals, what is refundable). */
    private static BigDecimal check(InvoiceAction form) {
        BigDecimal value;
        try {
            value = new BigDecimal(form.amount());
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField("amount", "must be an amount such as 25.00");
        }
        if (value.signum() <= 0) {
            throw ProblemException.invalidField("amount", "must be greater than zero");
        }
        Reasons.require(form.reason());
        if (form.reference().isEmpty()) {
            throw ProblemException.invalidField("reference", "is required");
        }
        return value;
    }

    private String show(Tenant tenant, Invoice invoice, InvoiceAction form, boolean confirming,
            @Nullable String error, Model model) {
        model.addAttribute("tenant", tenant);
        model.addAttribute("invoice", invoice);
        model.addAttribute("form", form);
        model.addAttribute("confirming", confirming);
        model.addAttribute("error", error);
        return VIEW;
    }

    /** The tenant's own invoice: another tenant's number is not found here, as if it did not exist. */
    private Invoice invoiceOf(Tenant tenant, String number) {
        return invoicing.find(tenant.id(), number).orElseThrow(() -> ProblemException.notFound("Invoice", number));
    }
}
