package org.atrium.portal.web;

import org.atrium.catalog.Catalog;
import org.atrium.identity.TenantRole.TenantPermissions;
import org.atrium.platform.ProblemException;
import org.atrium.subscriptions.ProrationQuote;
import org.atrium.subscriptions.SelfService;
import org.atrium.subscriptions.Subscriptions;
import org.atrium.tenancy.Tenant;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Changing plan: the plans on offer, the proration quote for the one chosen (what is credited and charged today, or
 * that it takes effect at period end), then the change exactly as quoted; cancel at period end, resume, and the
 * auto-renew switch. Every change needs {@code portal.billing.manage} and a tenant that may write.
 */
@Controller
class PlanPages {

    private final SelfService selfService;
    private final Subscriptions subscriptions;
    private final Catalog catalog;

    PlanPages(SelfService selfService, Subscriptions subscriptions, Catalog catalog) {
        this.selfService = selfService;
        this.subscriptions = subscriptions;
        this.catalog = catalog;
    }

    @GetMapping({ "/t/{slug}/portal/plan", "/portal/plan" })
    String page(HttpServletRequest request, Model model) {
        Portal.require(TenantPermissions.READ);
        return show(Portal.tenant(request), model, null);
    }

    @GetMapping({ "/t/{slug}/portal/plan/quote", "/portal/plan/quote" })
    String quote(@RequestParam(defaultValue = "") String plan, @RequestParam(defaultValue = "") String cycle,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        Portal.require(TenantPermissions.BILLING_MANAGE);
        Tenant tenant = Portal.tenant(request);
        try {
            ProrationQuote quote = selfService.quote(tenant.id(), plan, cycle.isBlank() ? null : cycle);
            model.addAttribute("quote", quote);
            model.addAttribute("target", catalog.requirePlan(quote.toPlan()));
            return "portal/quote";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return show(tenant, model, e.getMessage());
        }
    }

    @PostMapping({ "/t/{slug}/portal/plan/change", "/portal/plan/change" })
    String change(@RequestParam(defaultValue = "") String plan, @RequestParam(defaultValue = "") String cycle,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        Tenant tenant = writer(request);
        try {
            selfService.changePlan(tenant.id(), plan, cycle.isBlank() ? null : cycle);
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return show(tenant, model, e.getMessage());
        }
        return "redirect:" + Portal.base(request) + "/plan?changed";
    }

    @PostMapping({ "/t/{slug}/portal/plan/cancel", "/portal/plan/cancel" })
    String cancel(@RequestParam(defaultValue = "") String reason, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Tenant tenant = writer(request);
        try {
            selfService.cancelAtPeriodEnd(tenant.id(), reason);
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return show(tenant, model, e.getMessage());
        }
        return "redirect:" + Portal.base(request) + "/plan";
    }

    @PostMapping({ "/t/{slug}/portal/plan/resume", "/portal/plan/resume" })
    String resume(HttpServletRequest request, HttpServletResponse response, Model model) {
        Tenant tenant = writer(request);
        try {
            selfService.resume(tenant.id());
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return show(tenant, model, e.getMessage());
        }
        return "redirect:" + Portal.base(request) + "/plan";
    }

    @PostMapping({ "/t/{slug}/portal/plan/auto-renew", "/portal/plan/auto-renew" })
    String autoRenew(@RequestParam(defaultValue = "false") boolean enabled, HttpServletRequest request) {
        Tenant tenant = writer(request);
        selfService.autoRenew(tenant.id(), enabled);
        return "redirect:" + Portal.base(request) + "/plan";
    }

    private static Tenant writer(HttpServletRequest request) {
        Portal.require(TenantPermissions.BILLING_MANAGE);
        Tenant tenant = Portal.tenant(request);
        Portal.requireWrite(tenant);
        return tenant;
    }

    private String show(Tenant tenant, Model model, @Nullable String error) {
        model.addAttribute("subscription", subscriptions.find(tenant.id()).orElse(null));
        model.addAttribute("plans", catalog.plans(true));
        model.addAttribute("error", error);
        return "portal/plan";
    }
}
