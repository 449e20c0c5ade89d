package org.atrium.subscriptions.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.atrium.catalog.Catalog;
import org.atrium.platform.ProblemException;
import org.atrium.subscriptions.EffectiveWhen;
import org.atrium.subscriptions.ProrationQuote;
import org.atrium.subscriptions.SubscriptionChange;
import org.atrium.subscriptions.SubscriptionHistoryEntry;
import org.atrium.subscriptions.SubscriptionManagement;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The subscription tab of a tenant's HQ page: the subscription, its history, and the staff's actions on it. A plan
 * change shows the proration quote first ({@code preview-change}'s computation) and is carried out from the quote
 * page, as {@code PUT …/subscription} does it; cancelling and reactivating ask for confirmation. Every action calls
 * {@link SubscriptionManagement} like the REST controller, so it is validated and audited the same.
 */
@Controller
@RequestMapping("/hq/tenants/{slug}/subscription")
class SubscriptionPages {

    private final SubscriptionManagement management;
    private final Tenants tenants;
    private final Catalog catalog;

    SubscriptionPages(SubscriptionManagement management, Tenants tenants, Catalog catalog) {
        this.management = management;
        this.tenants = tenants;
        this.catalog = catalog;
    }

    @GetMapping
    @PreAuthorize("hasAnyAuthority('tenants.read', 'saas.subscriptions.manage')")
    String subscription(@PathVariable String slug, Model model) {
        return show(tenants.requireBySlug(slug), null, model);
    }

    private String show(Tenant tenant, @Nullable String error, Model model) {
        List<SubscriptionHistoryEntry> history = new ArrayList<>(management.history(tenant.slug()));
        Collections.reverse(history);
        model.addAttribute("tenant", tenant);
        model.addAttribute("subscription", management.get(tenant.slug()));
        model.addAttribute("history", history.subList(0, Math.min(history.size(), 100)));
        model.addAttribute("plans", catalog.plans(true));
        model.addAttribute("error", error);
        return "subscriptions/tenant-subscription";
    }

    /** The quote of a plan change: what it charges or credits now; its form carries the change out. */
    @GetMapping("/quote")
    @PreAuthorize("hasAuthority('saas.subscriptions.manage')")
    String quote(@PathVariable String slug, @RequestParam(defaultValue = "") String plan,
            @RequestParam(defaultValue = "") String cycle, @RequestParam(defaultValue = "") String effective,
            Model model, HttpServletResponse response) {
        Tenant tenant = tenants.requireBySlug(slug);
        try {
            return quotePage(tenant, plan, cycle, effective, null, model);
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return show(tenant, e.getMessage(), model);
        }
    }

    private String quotePage(Tenant tenant, String plan, String cycle, String effective, @Nullable String error,
            Model model) {
        ProrationQuote quote = management.preview(tenant.slug(), plan, blank(cycle), effective(effective));
        model.addAttribute("tenant", tenant);
        model.addAttribute("quote", quote);
        model.addAttribute("plan", plan);
        model.addAttribute("cycle", cycle);
        model.addAttribute("effective", effective);
        model.addAttribute("error", error);
        return "subscriptions/quote";
    }

    @PostMapping("/change")
    @PreAuthorize("hasAuthority('saas.subscriptions.manage')")
    String change(@PathVariable String slug, @RequestParam(defaultValue = "") String plan,
            @RequestParam(defaultValue = "") String cycle, @RequestParam(defaultValue = "") String effective,
            Model model, HttpServletResponse response) {
        Tenant tenant = tenants.requireBySlug(slug);
        try {
            management.changeAndReport(slug, new SubscriptionChange(plan, blank(cycle), null, null, effective(effective)));
            return "redirect:/hq/tenants/" + slug + "/subscription?done=plan-changed";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            try {
                return quotePage(tenant, plan, cycle, effective, e.getMessage(), model);
            } catch (ProblemException again) {
                return show(tenant, e.getMessage(), model);
            }
        }
    }

    @GetMapping("/cancel")
    @PreAuthorize("hasAuthority('saas.subscriptions.manage')")
    String cancelForm(@PathVariable String slug, Model model) {
        return confirmPage(tenants.requireBySlug(slug), "cancel", null, model);
    }

    @PostMapping("/cancel")
    @PreAuthorize("hasAuthority('saas.subscriptions.manage')")
    String cancel(@PathVariable String slug, @RequestParam(defaultValue = "true") boolean atPeriodEnd,
            @RequestParam(defaultValue = "") String reason, Model model, HttpServletResponse response) {
        Tenant tenant = tenants.requireBySlug(slug);
        try {
            management.cancel(slug, atPeriodEnd, reason);
            return "redirect:/hq/tenants/" + slug + "/subscription?done=cancelled";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return confirmPage(tenant, "cancel", e.getMessage(), model);
        }
    }

    @GetMapping("/reactivate")
    @PreAuthorize("hasAuthority('saas.subscriptions.manage')")
    String reactivateForm(@PathVariable String slug, Model model) {
        return confirmPage(tenants.requireBySlug(slug), "reactivate", null, model);
    }

    @PostMapping("/reactivate")
    @PreAuthorize("hasAuthority('saas.subscriptions.manage')")
    String reactivate(@PathVariable String slug, Model model, HttpServletResponse response) {
        Tenant tenant = tenants.requireBySlug(slug);
        try {
            management.reactivate(slug);
            return "redirect:/hq/tenants/" + slug + "/subscription?done=reactivated";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return confirmPage(tenant, "reactivate", e.getMessage(), model);
        }
    }

    @PostMapping("/auto-renew")
    @PreAuthorize("hasAuthority('saas.subscriptions.manage')")
    String autoRenew(@PathVariable String slug, @RequestParam(defaultValue = "") String enabled, Model model,
            HttpServletResponse response) {
        Tenant tenant = tenants.requireBySlug(slug);
        try {
            if (!enabled.equals("true") && !enabled.equals("false")) {
                throw ProblemException.invalidField("enabled", "must be true or false");
            }
            management.autoRenew(slug, Boolean.parseBoolean(enabled));
            return "redirect:/hq/tenants/" + slug + "/subscription?done=auto-renew";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return show(tenant, e.getMessage(), model);
        }
    }

    private String confirmPage(Tenant tenant, String action, @Nullable String error, Model model) {
        model.addAttribute("tenant", tenant);
        model.addAttribute("subscription", management.get(tenant.slug()));
        model.addAttribute("action", action);
        model.addAttribute("error", error);
        return "subscriptions/confirm";
    }

    /** A refusal no form can show (a forged slug, a missing permission): the HQ's problem page, not JSON. */
    @ExceptionHandler(ProblemException.class)
    String problem(ProblemException e, Model model, HttpServletResponse response) {
        response.setStatus(e.status().value());
        model.addAttribute("status", e.status().value());
        model.addAttribute("message", e.getMessage());
        return "console/problem";
    }

    @ExceptionHandler(AccessDeniedException.class)
    String denied(Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("status", HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("message", "Your role does not grant this action.");
        return "console/problem";
    }

    private static @Nullable EffectiveWhen effective(String code) {
        if (code.isBlank()) {
            return null;
        }
        try {
            return EffectiveWhen.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("effective", e.getMessage());
        }
    }

    private static @Nullable String blank(String value) {
        return value.isBlank() ? null : value.strip();
    }
}
