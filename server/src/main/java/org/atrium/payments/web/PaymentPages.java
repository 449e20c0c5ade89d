package org.atrium.payments.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.atrium.payments.Gateway;
import org.atrium.payments.PaymentWebhooks;
import org.atrium.payments.Recharge;
import org.atrium.payments.RechargeStatus;
import org.atrium.payments.Recharging;
import org.atrium.payments.WebhookEvent;
import org.atrium.platform.Money;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.Permissions;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The HQ's payments pages: recharges (a tenant's, and the flagged ones of every tenant) and the inbound gateway
 * webhooks with their verification and result, where a verified event can be processed again. The same
 * {@link Recharging} and {@link PaymentWebhooks} calls as the REST controllers.
 */
@Controller
class PaymentPages {

    private static final Map<String, String> WEBHOOK_SORT = Map.of("receivedAt", "received_at");
    private static final Map<String, String> RECHARGE_SORT = Map.of("createdAt", "created_at");
    private static final int PAGE_SIZE = 25;

    private final Recharging recharging;
    private final PaymentWebhooks webhooks;
    private final Tenants tenants;

    PaymentPages(Recharging recharging, PaymentWebhooks webhooks, Tenants tenants) {
        this.recharging = recharging;
        this.webhooks = webhooks;
        this.tenants = tenants;
    }

    record RechargeRow(String reference, String tenant, String gateway, String status, String amount,
            String refunded, String created, String flagReason) {
    }

    record EventRow(String id, String gateway, String type, String reference, String verification, String result,
            String received, String detail) {
    }

    @GetMapping("/hq/payments")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'saas.wallets.manage', 'saas.billing.admin')")
    String recharges(@RequestParam(defaultValue = "") String tenant, @RequestParam(defaultValue = "") String status,
            @RequestParam(required = false) @Nullable Integer page, Authentication auth, Locale locale, Model model,
            HttpServletResponse response) {
        model.addAttribute("tenant", tenant.strip());
        model.addAttribute("status", status.strip());
        model.addAttribute("statuses", RechargeStatus.values());
        boolean admin = has(auth, Permissions.BILLING_ADMIN);
        model.addAttribute("mayAdmin", admin);
        PageResponse<Recharge> found = new PageResponse<>(List.of(), 0, PAGE_SIZE, 0);
        try {
            if (!tenant.isBlank()) {
                Tenant t = tenants.findBySlug(tenant.strip()).orElse(null);
                if (t == null) {
                    model.addAttribute("notice", "No tenant has the slug “%s”.".formatted(tenant.strip()));
                } else {
                    found = recharging.list(t.id(), PageRequest.of(page, PAGE_SIZE, null, RECHARGE_SORT, "createdAt,desc"),
                            status.isBlank() ? null : RechargeStatus.fromCode(status.strip()));
                }
            }
        } catch (IllegalArgumentException e) {
            response.setStatus(400);
            model.addAttribute("error", "status: " + e.getMessage());
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            model.addAttribute("error", e.getMessage());
        }
        model.addAttribute("recharges", rows(found.items(), locale));
        model.addAttribute("total", found.totalItems());
        model.addAttribute("flagged", admin ? rows(recharging.flagged(PageRequest.of(0, PAGE_SIZE, null, RECHARGE_SORT, "createdAt,desc")).items(), locale)
                : List.of());
        return "payments/recharges";
    }

    @GetMapping("/hq/payments/webhooks")
    @PreAuthorize("hasAuthority('saas.billing.admin')")
    String events(@RequestParam(defaultValue = "") String gateway, @RequestParam(defaultValue = "") String result,
            @RequestParam(required = false) @Nullable Integer page, Locale locale, Model model,
            HttpServletResponse response) {
        model.addAttribute("gateway", gateway.strip());
        model.addAttribute("result", result.strip());
        model.addAttribute("gateways", Gateway.values());
        model.addAttribute("results", List.of("processed", "duplicate", "ignored", "flagged", "retrying", "rejected",
                "failed"));
        PageResponse<WebhookEvent> found = new PageResponse<>(List.of(), 0, PAGE_SIZE, 0);
        Gateway g = Gateway.fromCode(gateway.strip());
        if (!gateway.isBlank() && g == null) {
            response.setStatus(400);
            model.addAttribute("error", "gateway: expected stripe, paypal, paystack or sandbox");
        } else {
            found = webhooks.list(PageRequest.of(page, PAGE_SIZE, null, WEBHOOK_SORT, "receivedAt,desc"), g,
                    result.isBlank() ? null : result.strip());
        }
        Formats f = new Formats(locale);
        model.addAttribute("events", found.items().stream().map(e -> new EventRow(e.id().toString(),
                e.gateway().code(), nz(e.type()), nz(e.reference()), e.verification(), e.result(),
                f.at(e.receivedAt()), nz(e.detail()))).toList());
        model.addAttribute("page", found.page());
        model.addAttribute("pages", Math.max(1, (found.totalItems() + PAGE_SIZE - 1) / PAGE_SIZE));
        model.addAttribute("total", found.totalItems());
        return "payments/webhooks";
    }

    /** An event in full; its re-process button is the confirmation (it may credit a wallet, once). */
    @GetMapping("/hq/payments/webhooks/{id}")
    @PreAuthorize("hasAuthority('saas.billing.admin')")
    String event(@PathVariable UUID id, @RequestParam(required = false) @Nullable String done, Locale locale,
            Model model) {
        return event(model, webhooks.require(id), locale, null, done != null);
    }

    @PostMapping("/hq/payments/webhooks/{id}/reprocess")
    @PreAuthorize("hasAuthority('saas.billing.admin')")
    String reprocess(@PathVariable UUID id, Locale locale, Model model, HttpServletResponse response) {
        try {
            webhooks.reprocess(id);
            return "redirect:/hq/payments/webhooks/" + id + "?done";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return event(model, webhooks.require(id), locale, e.getMessage(), false);
        }
    }

    private String event(Model model, WebhookEvent e, Locale locale, @Nullable String error, boolean done) {
        Formats f = new Formats(locale);
        model.addAttribute("event", e);
        model.addAttribute("received", f.at(e.receivedAt()));
        model.addAttribute("processed", e.processedAt() == null ? "" : f.at(e.processedAt()));
        model.addAttribute("mayReprocess", "verified".equals(e.verification()));
        model.addAttribute("error", error);
        model.addAttribute("done", done);
        return "payments/webhook";
    }

    private List<RechargeRow> rows(List<Recharge> recharges, Locale locale) {
        Map<TenantId, Tenant> named = tenants.findAll(recharges.stream().map(Recharge::tenantId).toList());
        Formats f = new Formats(locale);
        return recharges.stream().map(r -> new RechargeRow(r.reference(),
                named.containsKey(r.tenantId()) ? named.get(r.tenantId()).slug() : "", r.gateway().code(),
                r.status().code(), f.money(r.amount()), f.money(r.refunded()), f.at(r.createdAt()),
                nz(r.flagReason()))).toList();
    }

    private static boolean has(Authentication auth, String permission) {
        return auth.getAuthorities().stream().anyMatch(a -> permission.equals(a.getAuthority()));
    }

    private static String nz(@Nullable String text) {
        return text == null ? "" : text;
    }

    /** Money in the viewer's locale; instants in UTC, named as such on the pages. */
    record Formats(Locale locale) {

        String money(Money money) {
            java.text.NumberFormat format = java.text.NumberFormat.getCurrencyInstance(locale);
            format.setCurrency(money.currency());
            format.setMinimumFractionDigits(Money.minorDigits(money.currency()));
            format.setMaximumFractionDigits(Money.minorDigits(money.currency()));
            return format.format(money.amount());
        }

        String at(Instant at) {
            return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale)
                    .format(at.atZone(ZoneOffset.UTC));
        }
    }
}
