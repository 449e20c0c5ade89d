package org.atrium.console.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.atrium.audit.AuditLog;
import org.atrium.audit.AuditQuery;
import org.atrium.billing.Invoice;
import org.atrium.billing.InvoiceQuery;
import org.atrium.billing.Invoicing;
import org.atrium.billing.ManualPayment;
import org.atrium.entitlements.Entitlements;
import org.atrium.entitlements.Overrides;
import org.atrium.platform.PageRequest;
import org.atrium.platform.ProblemException;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.TenantAdministration;
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
import tools.jackson.databind.ObjectMapper;

/**
 * The read-mostly tabs of a tenant's page: usage against every limit (the entitlements snapshot), invoices with
 * "mark paid", settings and feature switches, overrides of limits, and the audit trail of the tenant. Each calls the
 * module API its REST twin calls, with the same permission.
 */
@Controller
@RequestMapping("/hq/tenants/{slug}")
class TenantTabs extends ConsolePage {

    private final Tenants tenants;
    private final TenantAdministration administration;
    private final Entitlements entitlements;
    private final Overrides overrides;
    private final Invoicing invoicing;
    private final AuditLog audit;
    private final ObjectMapper json;

    TenantTabs(Tenants tenants, TenantAdministration administration, Entitlements entitlements, Overrides overrides,
            Invoicing invoicing, AuditLog audit, ObjectMapper json) {
        this.json = json;
        this.tenants = tenants;
        this.administration = administration;
        this.entitlements = entitlements;
        this.overrides = overrides;
        this.invoicing = invoicing;
        this.audit = audit;
    }

    @GetMapping("/usage")
    @PreAuthorize("hasAnyAuthority('entitlements.read', 'tenants.read')")
    String usage(@PathVariable String slug, Model model) {
        Tenant tenant = tenants.requireBySlug(slug);
        model.addAttribute("tenant", tenant);
        model.addAttribute("snapshot", entitlements.snapshot(tenant.id()));
        return "console/tenant-usage";
    }

    @GetMapping("/invoices")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'saas.invoices.manage')")
    String invoices(@PathVariable String slug, @RequestParam(required = false) Integer page, Model model) {
        Tenant tenant = tenants.requireBySlug(slug);
        return invoicesPage(tenant, page, null, model);
    }

    private String invoicesPage(Tenant tenant, @Nullable Integer page, @Nullable String error, Model model) {
        PageRequest paging = PageRequest.of(page, 25, "issuedAt,desc", Map.of("issuedAt", "issued_at"),
                "issuedAt,desc");
        var found = invoicing.list(new InvoiceQuery(tenant.id(), null, null), paging);
        model.addAttribute("tenant", tenant);
        model.addAttribute("invoices", found.items());
        model.addAttribute("page", paging.page());
        model.addAttribute("pages", (found.totalItems() + paging.size() - 1) / paging.size());
        model.addAttribute("error", error);
        return "console/tenant-invoices";
    }

    /** The confirmation step of marking an invoice paid: the invoice, the method and the bank's reference. */
    @GetMapping("/invoices/{number}/pay")
    @PreAuthorize("hasAuthority('saas.invoices.manage')")
    String payForm(@PathVariable String slug, @PathVariable String number, Model model) {
        Tenant tenant = tenants.requireBySlug(slug);
        model.addAttribute("tenant", tenant);
        model.addAttribute("invoice", invoiceOf(tenant, number));
        model.addAttribute("error", null);
        return "console/tenant-invoice-pay";
    }

    @PostMapping("/invoices/{number}/pay")
    @PreAuthorize("hasAuthority('saas.invoices.manage')")
    String pay(@PathVariable String slug, @PathVariable String number, @RequestParam(defaultValue = "wire") String method,
            @RequestParam(defaultValue = "") String reference, @RequestParam(defaultValue = "") String paidOn,
            Model model, HttpServletResponse response) {
        Tenant tenant = tenants.requireBySlug(slug);
        Invoice invoice = invoiceOf(tenant, number);
        try {
            ManualPayment.Method parsed;
            try {
                parsed = ManualPayment.Method.valueOf(method.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("method", "must be wire, cash, check, card or other");
            }
            LocalDate day;
            try {
                day = paidOn.isBlank() ? null : LocalDate.parse(paidOn);
            } catch (DateTimeParseException e) {
                throw ProblemException.invalidField("paidOn", "is not a date (yyyy-mm-dd)");
            }
            invoicing.markPaid(number, new ManualPayment(parsed, reference.isBlank() ? null : reference.strip(), day,
                    null));
            return "redirect:/hq/tenants/" + slug + "/invoices?done=paid";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            model.addAttribute("tenant", tenant);
            model.addAttribute("invoice", invoice);
            model.addAttribute("error", e.getMessage());
            return "console/tenant-invoice-pay";
        }
    }

    /** The tenant's own invoice: another tenant's number is not found here, as if it did not exist. */
    private Invoice invoiceOf(Tenant tenant, String number) {
        return invoicing.find(tenant.id(), number)
                .orElseThrow(() -> ProblemException.notFound("Invoice", number));
    }

    @GetMapping("/settings")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'tenants.manage')")
    String settings(@PathVariable String slug, Model model) {
        model.addAttribute("tenant", tenants.requireBySlug(slug));
        model.addAttribute("error", null);
        return "console/tenant-settings";
    }

    /** Turns one feature switch on or off, as {@code PATCH /api/v1/tenants/{slug}} with {@code features} does. */
    @PostMapping("/settings/features")
    @PreAuthorize("hasAuthority('tenants.manage')")
    String feature(@PathVariable String slug, @RequestParam(defaultValue = "") String key,
            @RequestParam(defaultValue = "") String enabled, Model model, HttpServletResponse response) {
        Tenant tenant = tenants.requireBySlug(slug);
        try {
            if (!enabled.equals("true") && !enabled.equals("false")) {
                throw ProblemException.invalidField("enabled", "must be true or false");
            }
            String patch = json.writeValueAsString(
                    Map.of("features", Map.of(key, Boolean.parseBoolean(enabled))));
            administration.update(slug, patch, null);
            return "redirect:/hq/tenants/" + slug + "/settings";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            model.addAttribute("tenant", tenant);
            model.addAttribute("error", e.getMessage());
            return "console/tenant-settings";
        }
    }

    @GetMapping("/overrides")
    @PreAuthorize("hasAnyAuthority('entitlements.read', 'tenants.read', 'tenants.manage')")
    String overrides(@PathVariable String slug, Model model) {
        return overridesPage(tenants.requireBySlug(slug), null, model);
    }

    private String overridesPage(Tenant tenant, @Nullable String error, Model model) {
        model.addAttribute("tenant", tenant);
        model.addAttribute("overrides", overrides.list(tenant.id()));
        model.addAttribute("snapshot", entitlements.snapshot(tenant.id()));
        model.addAttribute("error", error);
        return "console/tenant-overrides";
    }

    /** Sets a limit override (a number, or -1 for unlimited) until a day, with a reason, as the API's PUT does. */
    @PostMapping("/overrides")
    @PreAuthorize("hasAuthority('tenants.manage')")
    String override(@PathVariable String slug, @RequestParam(defaultValue = "") String key,
            @RequestParam(defaultValue = "") String limit, @RequestParam(defaultValue = "") String until,
            @RequestParam(defaultValue = "") String reason, Model model, HttpServletResponse response) {
        Tenant tenant = tenants.requireBySlug(slug);
        try {
            long value;
            try {
                value = Long.parseLong(limit.strip());
            } catch (NumberFormatException e) {
                throw ProblemException.invalidField("limit", "must be a whole number, or -1 for unlimited");
            }
            LocalDate day;
            try {
                day = until.isBlank() ? null : LocalDate.parse(until);
            } catch (DateTimeParseException e) {
                throw ProblemException.invalidField("until", "is not a date (yyyy-mm-dd)");
            }
            overrides.put(tenant.id(), key.strip(), value, null, day, reason);
            return "redirect:/hq/tenants/" + slug + "/overrides?done=overridden";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return overridesPage(tenant, e.getMessage(), model);
        }
    }

    /** The confirmation step of a feature override: the feature, on or off, until when and why. */
    @PostMapping("/overrides/features/confirm")
    @PreAuthorize("hasAuthority('tenants.manage')")
    String featureOverrideConfirm(@PathVariable String slug, @RequestParam(defaultValue = "") String key,
            @RequestParam(defaultValue = "") String enabled, @RequestParam(defaultValue = "") String until,
            @RequestParam(defaultValue = "") String reason, Model model, HttpServletResponse response) {
        Tenant tenant = tenants.requireBySlug(slug);
        try {
            FeatureOverride form = FeatureOverride.checked(key, enabled, until, reason);
            if (!entitlements.snapshot(tenant.id()).features().containsKey(form.key())) {
                throw ProblemException.invalidField("key", "is not a feature of the tenant's plan");
            }
            model.addAttribute("tenant", tenant);
            model.addAttribute("form", form);
            return "console/tenant-override-confirm";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return overridesPage(tenant, e.getMessage(), model);
        }
    }

    /** Turns a feature on or off for the tenant, whatever its plan says, as the API's PUT with {@code enabled}. */
    @PostMapping("/overrides/features")
    @PreAuthorize("hasAuthority('tenants.manage')")
    String featureOverride(@PathVariable String slug, @RequestParam(defaultValue = "") String key,
            @RequestParam(defaultValue = "") String enabled, @RequestParam(defaultValue = "") String until,
            @RequestParam(defaultValue = "") String reason, Model model, HttpServletResponse response) {
        Tenant tenant = tenants.requireBySlug(slug);
        try {
            FeatureOverride form = FeatureOverride.checked(key, enabled, until, reason);
            overrides.put(tenant.id(), form.key(), null, form.enabled(), form.until(), form.reason());
            return "redirect:/hq/tenants/" + slug + "/overrides?done=overridden";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return overridesPage(tenant, e.getMessage(), model);
        }
    }

    /** A feature override's fields, checked as far as the form can tell; entitlements checks the rest. */
    record FeatureOverride(String key, boolean enabled, @Nullable LocalDate until, String reason) {

        static FeatureOverride checked(String key, String enabled, String until, String reason) {
            if (!enabled.equals("true") && !enabled.equals("false")) {
                throw ProblemException.invalidField("enabled", "must be true or false");
            }
            LocalDate day;
            try {
                day = until.isBlank() ? null : LocalDate.parse(until.strip());
            } catch (DateTimeParseException e) {
                throw ProblemException.invalidField("until", "is not a date (yyyy-mm-dd)");
            }
            return new FeatureOverride(key.strip(), Boolean.parseBoolean(enabled), day,
                    org.atrium.platform.Reasons.require(reason));
        }
    }

    @GetMapping("/audit")
    @PreAuthorize("hasAuthority('audit.read')")
    String audit(@PathVariable String slug, @RequestParam(required = false) Integer page, Model model) {
        Tenant tenant = tenants.requireBySlug(slug);
        PageRequest paging = PageRequest.of(page, 50, "seq,desc", Map.of("seq", "seq"), "seq,desc");
        var found = audit.find(new AuditQuery(tenant.id().value(), null, null, null, null), paging);
        model.addAttribute("tenant", tenant);
        model.addAttribute("events", found.items());
        model.addAttribute("page", paging.page());
        model.addAttribute("pages", (found.totalItems() + paging.size() - 1) / paging.size());
        return "console/tenant-audit";
    }
}
