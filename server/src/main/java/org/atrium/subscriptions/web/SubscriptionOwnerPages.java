package org.atrium.subscriptions.web;

import org.atrium.catalog.BillingCycle;
import org.atrium.catalog.Catalog;
import org.atrium.catalog.Plan;
import org.atrium.platform.ProblemException;
import org.atrium.platform.Reasons;
import org.atrium.subscriptions.CollectionMode;
import org.atrium.subscriptions.SubscriptionChange;
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
 * The owner's actions on a tenant's subscription that the tenant cannot take itself: assigning a plan with how it
 * is collected (a new period from today, paid from the wallet now or invoiced with a due date), and extending the
 * period by days with a reason. Each is checked and shown back for confirmation, then carried out through
 * {@link SubscriptionManagement} as {@code PUT …/subscription} with {@code collection} and
 * {@code POST …/subscription/extend} do, with the same permission.
 */
@Controller
@RequestMapping("/hq/tenants/{slug}/subscription")
class SubscriptionOwnerPages {

    private static final String VIEW = "subscriptions/owner-action";

    private final SubscriptionManagement management;
    private final Tenants tenants;
    private final Catalog catalog;

    SubscriptionOwnerPages(SubscriptionManagement management, Tenants tenants, Catalog catalog) {
        this.management = management;
        this.tenants = tenants;
        this.catalog = catalog;
    }

    /** An assignment's fields as typed. */
    record Assignment(String plan, String cycle, String collection, String dueDays) {
    }

    /** An extension's fields as typed. */
    record Extension(String days, String reason) {
    }

    @GetMapping("/assign")
    @PreAuthorize("hasAuthority('saas.subscriptions.manage')")
    String assignForm(@PathVariable String slug, Model model) {
        Tenant tenant = tenants.requireBySlug(slug);
        var s = management.get(slug);
        return assignPage(tenant, new Assignment(s.plan(), s.cycle().code(), "wallet", ""), false, null, model);
    }

    @PostMapping("/assign/confirm")
    @PreAuthorize("hasAuthority('saas.subscriptions.manage')")
    String assignConfirm(@PathVariable String slug, @RequestParam(defaultValue = "") String plan,
            @RequestParam(defaultValue = "") String cycle, @RequestParam(defaultValue = "wallet") String collection,
            @RequestParam(defaultValue = "") String dueDays, Model model, HttpServletResponse response) {
        Tenant tenant = tenants.requireBySlug(slug);
        Assignment form = new Assignment(plan.strip(), cycle.strip(), collection.strip(), dueDays.strip());
        try {
            SubscriptionChange change = change(form);
            Plan target = catalog.findPlan(change.plan()).filter(Plan::active)
                    .orElseThrow(() -> ProblemException.invalidField("plan", "unknown plan '%s'".formatted(form.plan())));
            BillingCycle billing = BillingCycle.fromCode(change.cycle());
            model.addAttribute("target", target);
            model.addAttribute("price", target.price(billing).orElseThrow(() -> ProblemException.invalidField("cycle",
                    "plan '%s' has no %s price".formatted(target.slug(), billing.code()))));
            return assignPage(tenant, form, true, null, model);
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return assignPage(tenant, form, false, e.getMessage(), model);
        }
    }

    @PostMapping("/assign")
    @PreAuthorize("hasAuthority('saas.subscriptions.manage')")
    String assign(@PathVariable String slug, @RequestParam(defaultValue = "") String plan,
            @RequestParam(defaultValue = "") String cycle, @RequestParam(defaultValue = "wallet") String collection,
            @RequestParam(defaultValue = "") String dueDays, Model model, HttpServletResponse response) {
        Tenant tenant = tenants.requireBySlug(slug);
        Assignment form = new Assignment(plan.strip(), cycle.strip(), collection.strip(), dueDays.strip());
        try {
            management.changeAndReport(slug, change(form));
            return "redirect:/hq/tenants/" + slug + "/subscription?done=assigned";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return assignPage(tenant, form, false, e.getMessage(), model);
        }
    }

    @GetMapping("/extend")
    @PreAuthorize("hasAuthority('saas.subscriptions.manage')")
    String extendForm(@PathVariable String slug, Model model) {
        return extendPage(tenants.requireBySlug(slug), new Extension("", ""), false, null, model);
    }

    @PostMapping("/extend/confirm")
    @PreAuthorize("hasAuthority('saas.subscriptions.manage')")
    String extendConfirm(@PathVariable String slug, @RequestParam(defaultValue = "") String days,
            @RequestParam(defaultValue = "") String reason, Model model, HttpServletResponse response) {
        Tenant tenant = tenants.requireBySlug(slug);
        Extension form = new Extension(days.strip(), reason.strip());
        try {
            days(form);
            Reasons.require(form.reason());
            return extendPage(tenant, form, true, null, model);
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return extendPage(tenant, form, false, e.getMessage(), model);
        }
    }

    @PostMapping("/extend")
    @PreAuthorize("hasAuthority('saas.subscriptions.manage')")
    String extend(@PathVariable String slug, @RequestParam(defaultValue = "") String days,
            @RequestParam(defaultValue = "") String reason, Model model, HttpServletResponse response) {
        Tenant tenant = tenants.requireBySlug(slug);
        Extension form = new Extension(days.strip(), reason.strip());
        try {
            management.extend(slug, days(form), form.reason());
            return "redirect:/hq/tenants/" + slug + "/subscription?done=extended";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return extendPage(tenant, form, false, e.getMessage(), model);
        }
    }

    private static SubscriptionChange change(Assignment form) {
        if (form.plan().isEmpty()) {
            throw ProblemException.invalidField("plan", "is required");
        }
        try {
            BillingCycle.fromCode(form.cycle());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("cycle", e.getMessage());
        }
        CollectionMode mode;
        try {
            mode = CollectionMode.fromCode(form.collection());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("collection", e.getMessage());
        }
        Integer due = null;
        if (mode == CollectionMode.INVOICE && !form.dueDays().isEmpty()) {
            try {
                due = Integer.valueOf(form.dueDays());
            } catch (NumberFormatException e) {
                throw ProblemException.invalidField("dueDays", "must be a whole number of days");
            }
        }
        return new SubscriptionChange(form.plan(), form.cycle(), mode, due, null);
    }

    private static int days(Extension form) {
        try {
            return Integer.parseInt(form.days());
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField("days", "must be a whole number of days");
        }
    }

    private String assignPage(Tenant tenant, Assignment form, boolean confirming, @Nullable String error,
            Model model) {
        model.addAttribute("tenant", tenant);
        model.addAttribute("subscription", management.get(tenant.slug()));
        model.addAttribute("plans", catalog.plans(true));
        model.addAttribute("action", "assign");
        model.addAttribute("assignment", form);
        model.addAttribute("confirming", confirming);
        model.addAttribute("error", error);
        return VIEW;
    }

    private String extendPage(Tenant tenant, Extension form, boolean confirming, @Nullable String error,
            Model model) {
        model.addAttribute("tenant", tenant);
        model.addAttribute("subscription", management.get(tenant.slug()));
        model.addAttribute("action", "extend");
        model.addAttribute("extension", form);
        model.addAttribute("confirming", confirming);
        model.addAttribute("error", error);
        return VIEW;
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
}
