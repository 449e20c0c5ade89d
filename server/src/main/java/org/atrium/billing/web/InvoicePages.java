package org.atrium.billing.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.atrium.billing.Invoice;
import org.atrium.billing.InvoiceQuery;
import org.atrium.billing.InvoiceStatus;
import org.atrium.billing.InvoiceType;
import org.atrium.billing.Invoicing;
import org.atrium.billing.ManualPayment;
import org.atrium.platform.Money;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.Permissions;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The HQ's invoices across tenants: a list filtered, sorted and paged on the server (its state in the URL; htmx
 * swaps the results), an invoice's page with its PDF, and marking paid, cancelling and refunding, each confirmed
 * on a page of its own and done through the same {@link Invoicing} methods as {@link InvoiceController}.
 */
@Controller
class InvoicePages {

    static final String READ = "hasAnyAuthority('tenants.read', 'saas.invoices.manage')";
    static final String MANAGE = "hasAuthority('saas.invoices.manage')";
    static final Map<String, String> SORTABLE = Map.of("issuedAt", "issued_at", "number", "number", "dueDate",
            "due_date", "total", "total", "status", "status");
    static final int PAGE_SIZE = 25;

    private final Invoicing invoicing;
    private final Tenants tenants;

    InvoicePages(Invoicing invoicing, Tenants tenants) {
        this.invoicing = invoicing;
        this.tenants = tenants;
    }

    /** The list's filters as typed, so that the form and every link keep them. */
    public record Filters(String status, String type, String tenant, String from, String to, String min, String max,
            String sort) {

        Map<String, String> params() {
            Map<String, String> p = new java.util.LinkedHashMap<>();
            put(p, "status", status);
            put(p, "type", type);
            put(p, "tenant", tenant);
            put(p, "from", from);
            put(p, "to", to);
            put(p, "min", min);
            put(p, "max", max);
            put(p, "sort", sort);
            return p;
        }

        /** The CSV export of the list with these filters. */
        public String exportHref() {
            org.springframework.web.util.UriComponentsBuilder uri = org.springframework.web.util.UriComponentsBuilder
                    .fromPath("/hq/invoices/export.csv");
            Map<String, String> p = params();
            p.remove("sort");
            p.forEach(uri::queryParam);
            return uri.encode().toUriString();
        }

        /** This list's address with these filters, another sort and a page (null for the first). */
        public String href(String sortBy, @Nullable Integer page) {
            org.springframework.web.util.UriComponentsBuilder uri = org.springframework.web.util.UriComponentsBuilder
                    .fromPath("/hq/invoices");
            Map<String, String> p = params();
            p.remove("sort");
            if (!sortBy.isBlank()) {
                p.put("sort", sortBy);
            }
            p.forEach(uri::queryParam);
            if (page != null && page > 0) {
                uri.queryParam("page", page);
            }
            return uri.encode().toUriString();
        }

        private static void put(Map<String, String> p, String key, String value) {
            if (!value.isBlank()) {
                p.put(key, value);
            }
        }
    }

    record Row(String number, String tenant, String tenantSlug, String type, String status, String issued,
            String due, String total) {
    }

    @GetMapping("/hq/invoices")
    @PreAuthorize(READ)
    String list(@RequestParam(defaultValue = "") String status, @RequestParam(defaultValue = "") String type,
            @RequestParam(defaultValue = "") String tenant, @RequestParam(defaultValue = "") String from,
            @RequestParam(defaultValue = "") String to, @RequestParam(defaultValue = "") String min,
            @RequestParam(defaultValue = "") String max, @RequestParam(defaultValue = "") String sort,
            @RequestParam(required = false) @Nullable Integer page,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, Locale locale, Model model,
            HttpServletResponse response) {
        Filters filters = new Filters(status.strip(), type.strip(), tenant.strip(), from.strip(), to.strip(),
                min.strip(), max.strip(), sort.strip());
        model.addAttribute("filters", filters);
        model.addAttribute("statuses", InvoiceStatus.values());
        model.addAttribute("types", InvoiceType.values());
        PageResponse<Invoice> result = new PageResponse<>(List.of(), 0, PAGE_SIZE, 0);
        try {
            InvoiceQuery query = query(filters);
            PageRequest paging = PageRequest.of(page, PAGE_SIZE, filters.sort().isBlank() ? null : filters.sort(),
                    SORTABLE, "issuedAt,desc");
            if (query != null) {
                result = invoicing.list(query, paging);
            } else {
                model.addAttribute("notice", "No tenant has the slug “%s”.".formatted(filters.tenant()));
            }
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            model.addAttribute("error", e.getMessage());
        }
        Map<TenantId, Tenant> named = tenants.findAll(result.items().stream().map(Invoice::tenantId).toList());
        Formats f = new Formats(locale);
        model.addAttribute("rows", result.items().stream().map(i -> row(i, named, f)).toList());
        model.addAttribute("page", result.page());
        model.addAttribute("total", result.totalItems());
        model.addAttribute("pages", Math.max(1, (result.totalItems() + PAGE_SIZE - 1) / PAGE_SIZE));
        model.addAttribute("from", result.totalItems() == 0 ? 0 : (long) result.page() * PAGE_SIZE + 1);
        model.addAttribute("until", (long) result.page() * PAGE_SIZE + result.items().size());
        return htmx != null ? "billing/invoices :: results" : "billing/invoices";
    }

    @GetMapping("/hq/invoices/{number:[A-Z0-9-]+}")
    @PreAuthorize(READ)
    String detail(@PathVariable String number, Authentication auth, Locale locale, Model model) {
        Invoice invoice = invoicing.require(number);
        Tenant tenant = tenants.require(invoice.tenantId());
        model.addAttribute("invoice", invoice);
        model.addAttribute("tenant", tenant);
        model.addAttribute("f", new Formats(locale));
        boolean manage = may(auth);
        model.addAttribute("mayPay", manage && invoice.status().isOpen());
        model.addAttribute("mayCancel", manage && invoice.status().canBecome(InvoiceStatus.CANCELLED));
        model.addAttribute("mayRefund", manage && invoice.status() == InvoiceStatus.PAID
                && invoice.type() != InvoiceType.REFUND && invoice.type() != InvoiceType.RECHARGE
                && invoice.refundable().isPositive());
        return "billing/invoice-detail";
    }

    @GetMapping("/hq/invoices/{number:[A-Z0-9-]+}.pdf")
    @PreAuthorize(READ)
    ResponseEntity<byte[]> pdf(@PathVariable String number) {
        byte[] document = invoicing.pdf(number);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header("Content-Disposition", ContentDisposition.inline().filename(number + ".pdf").build().toString())
                .body(document);
    }

    /** The confirmation page of an action: what it will do, and the one button that does it. */
    @GetMapping("/hq/invoices/{number:[A-Z0-9-]+}/{action:pay|cancel|refund}")
    @PreAuthorize(MANAGE)
    String confirm(@PathVariable String number, @PathVariable String action, Locale locale, Model model) {
        return confirmation(model, invoicing.require(number), action, locale, null, Map.of());
    }

    @PostMapping("/hq/invoices/{number:[A-Z0-9-]+}/pay")
    @PreAuthorize(MANAGE)
    String pay(@PathVariable String number, @RequestParam(defaultValue = "") String method,
            @RequestParam(defaultValue = "") String reference, @RequestParam(defaultValue = "") String paidOn,
            @RequestParam(defaultValue = "") String note, Locale locale, Model model, HttpServletResponse response) {
        Map<String, String> typed = Map.of("method", method, "reference", reference, "paidOn", paidOn, "note", note);
        try {
            ManualPayment.Method parsedMethod = method.isBlank() ? null : parse(method);
            LocalDate day = paidOn.isBlank() ? null : date(paidOn, "paidOn");
            invoicing.markPaid(number, new ManualPayment(parsedMethod, blank(reference), day, blank(note)));
            return "redirect:/hq/invoices/" + number + "?done=paid";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return confirmation(model, invoicing.require(number), "pay", locale, e.getMessage(), typed);
        }
    }

    @PostMapping("/hq/invoices/{number:[A-Z0-9-]+}/cancel")
    @PreAuthorize(MANAGE)
    String cancel(@PathVariable String number, @RequestParam(defaultValue = "") String reason, Locale locale,
            Model model, HttpServletResponse response) {
        try {
            invoicing.cancel(number, reason);
            return "redirect:/hq/invoices/" + number + "?done=cancelled";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return confirmation(model, invoicing.require(number), "cancel", locale, e.getMessage(),
                    Map.of("reason", reason));
        }
    }

    @PostMapping("/hq/invoices/{number:[A-Z0-9-]+}/refund")
    @PreAuthorize(MANAGE)
    String refund(@PathVariable String number, @RequestParam(defaultValue = "") String amount,
            @RequestParam(defaultValue = "") String reason, @RequestParam(defaultValue = "") String reference,
            Locale locale, Model model, HttpServletResponse response) {
        try {
            BigDecimal value = amount.isBlank() ? null : decimal(amount, "amount");
            Invoice note = invoicing.refund(number, value, reason, reference);
            return "redirect:/hq/invoices/" + note.number() + "?done=refunded";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return confirmation(model, invoicing.require(number), "refund", locale, e.getMessage(),
                    Map.of("amount", amount, "reason", reason, "reference", reference));
        }
    }

    private String confirmation(Model model, Invoice invoice, String action, Locale locale, @Nullable String error,
            Map<String, String> typed) {
        model.addAttribute("invoice", invoice);
        model.addAttribute("action", action);
        model.addAttribute("f", new Formats(locale));
        model.addAttribute("error", error);
        model.addAttribute("typed", typed);
        model.addAttribute("methods", ManualPayment.Method.values());
        model.addAttribute("suggestedReference", "refund-" + invoice.number() + "-" + invoice.amountRefunded()
                .amount().toPlainString().replace('.', '-'));
        return "billing/invoice-action";
    }

    private @Nullable InvoiceQuery query(Filters f) {
        TenantId tenant = null;
        if (!f.tenant().isBlank()) {
            tenant = tenants.findIdBySlug(f.tenant()).orElse(null);
            if (tenant == null) {
                return null;
            }
        }
        InvoiceStatus status = null;
        InvoiceType type = null;
        try {
            status = f.status().isBlank() ? null : InvoiceStatus.fromCode(f.status());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("status", e.getMessage());
        }
        try {
            type = f.type().isBlank() ? null : InvoiceType.fromCode(f.type());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("type", e.getMessage());
        }
        return new InvoiceQuery(tenant, status, type, f.from().isBlank() ? null : date(f.from(), "from"),
                f.to().isBlank() ? null : date(f.to(), "to"), f.min().isBlank() ? null : decimal(f.min(), "min"),
                f.max().isBlank() ? null : decimal(f.max(), "max"));
    }

    private static Row row(Invoice i, Map<TenantId, Tenant> named, Formats f) {
        Tenant t = named.get(i.tenantId());
        return new Row(String.valueOf(i.number()), t == null ? "" : t.name(), t == null ? "" : t.slug(),
                i.type().code(), i.status().code(), i.issueDate() == null ? "" : f.date(i.issueDate()),
                i.dueDate() == null ? "" : f.date(i.dueDate()), f.money(i.total()));
    }

    private static boolean may(Authentication auth) {
        return auth.getAuthorities().stream().anyMatch(a -> Permissions.INVOICES_MANAGE.equals(a.getAuthority()));
    }

    private static ManualPayment.Method parse(String method) {
        for (ManualPayment.Method m : ManualPayment.Method.values()) {
            if (m.code().equals(method)) {
                return m;
            }
        }
        throw ProblemException.invalidField("method", "must be one of wire, cash, check, card or other");
    }

    private static LocalDate date(String text, String field) {
        try {
            return LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.invalidField(field, "must be a date such as 2026-12-01");
        }
    }

    private static BigDecimal decimal(String text, String field) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField(field, "must be an amount such as 29.00");
        }
    }

    private static @Nullable String blank(String text) {
        return text.isBlank() ? null : text.strip();
    }

    /** Money and dates in the viewer's locale. */
    public record Formats(Locale locale) {

        public String money(Money money) {
            java.text.NumberFormat format = java.text.NumberFormat.getCurrencyInstance(locale);
            format.setCurrency(money.currency());
            format.setMinimumFractionDigits(Money.minorDigits(money.currency()));
            format.setMaximumFractionDigits(Money.minorDigits(money.currency()));
            return format.format(money.amount());
        }

        public String date(@Nullable LocalDate date) {
            return date == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale)
                    .format(date);
        }

        public String number(BigDecimal n) {
            return n.stripTrailingZeros().toPlainString();
        }
    }

}
