package org.atrium.catalog.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.atrium.catalog.BillingCycle;
import org.atrium.catalog.Catalog;
import org.atrium.catalog.Metric;
import org.atrium.catalog.Plan;
import org.atrium.catalog.PlanDefinition;
import org.atrium.catalog.SupportLevel;
import org.atrium.platform.Permissions;
import org.atrium.platform.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HQ's plan pages: the list, a plan's form (create and edit) with a preview of its pricing card, and
 * activation. Each action calls the same {@link Catalog} method as {@link PlanController}; a refusal shows the
 * form again with the problem's message and changes nothing.
 */
@Controller
class PlanPages {

    private static final String READ = "hasAnyAuthority('saas.plans.manage', 'tenants.read', 'tenants.manage')";
    private static final String MANAGE = "hasAuthority('saas.plans.manage')";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Catalog catalog;

    PlanPages(Catalog catalog) {
        this.catalog = catalog;
    }

    /** A plan as a row of the list. */
    record PlanRow(String slug, String name, boolean active, boolean recommended, int sortOrder, String prices,
            String trialDays, String support) {
    }

    @GetMapping("/hq/plans")
    @PreAuthorize(READ)
    String list(Authentication auth, Locale locale, Model model) {
        model.addAttribute("mayManage", may(auth));
        model.addAttribute("plans", catalog.plans(null).stream().map(p -> row(p, locale)).toList());
        return "catalog/plans";
    }

    @GetMapping("/hq/plans/new")
    @PreAuthorize(MANAGE)
    String newPlan(Model model) {
        return form(model, PlanForm.blank(), null, true, null, true);
    }

    @PostMapping("/hq/plans")
    @PreAuthorize(MANAGE)
    String create(@RequestParam MultiValueMap<String, String> params, Model model, HttpServletResponse response) {
        PlanForm form = PlanForm.from(params);
        try {
            Plan plan = catalog.create(form.definition(true));
            return "redirect:/hq/plans/" + plan.slug() + "?saved";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return form(model, form, null, true, e, true);
        }
    }

    @GetMapping("/hq/plans/{slug}")
    @PreAuthorize(READ)
    String edit(@PathVariable String slug, @RequestParam(required = false) @Nullable String saved,
            Authentication auth, Model model) {
        Plan plan = catalog.requirePlan(slug);
        model.addAttribute("saved", saved != null);
        return form(model, PlanForm.of(plan), plan, false, null, may(auth));
    }

    @PostMapping("/hq/plans/{slug}")
    @PreAuthorize(MANAGE)
    String update(@PathVariable String slug, @RequestParam MultiValueMap<String, String> params, Model model,
            HttpServletResponse response) {
        Plan plan = catalog.requirePlan(slug);
        PlanForm form = PlanForm.from(params);
        try {
            Integer version = form.version() == null ? null : Integer.valueOf(form.version());
            catalog.update(slug, JSON.writeValueAsString(form.patch(plan, catalog.metrics())), version);
            return "redirect:/hq/plans/" + slug + "?saved";
        } catch (NumberFormatException e) {
            response.setStatus(400);
            return form(model, form, plan, false, ProblemException.badRequest("validation", "The form's version is not a number."), true);
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return form(model, form, plan, false, e, true);
        }
    }

    @PostMapping("/hq/plans/{slug}/activate")
    @PreAuthorize(MANAGE)
    String activate(@PathVariable String slug) {
        catalog.activate(slug);
        return "redirect:/hq/plans";
    }

    @PostMapping("/hq/plans/{slug}/deactivate")
    @PreAuthorize(MANAGE)
    String deactivate(@PathVariable String slug) {
        catalog.deactivate(slug);
        return "redirect:/hq/plans";
    }

    private String form(Model model, PlanForm form, @Nullable Plan plan, boolean creating,
            @Nullable ProblemException refused, boolean mayManage) {
        model.addAttribute("form", form);
        model.addAttribute("plan", plan);
        model.addAttribute("creating", creating);
        model.addAttribute("mayManage", mayManage);
        model.addAttribute("cycles", BillingCycle.values());
        model.addAttribute("supportLevels", SupportLevel.values());
        List<Metric> metrics = catalog.metrics();
        model.addAttribute("metrics", metrics);
        Set<String> features = new LinkedHashSet<>();
        catalog.plans(null).forEach(p -> features.addAll(p.features().keySet()));
        features.addAll(form.features().keySet());
        model.addAttribute("features", List.copyOf(features));
        if (refused != null) {
            model.addAttribute("error", refused.getMessage());
            Object errors = refused.properties().get("errors");
            model.addAttribute("errors", errors instanceof Map<?, ?> m ? m : Map.of());
        } else {
            model.addAttribute("errors", Map.of());
        }
        if (!model.containsAttribute("saved")) {
            model.addAttribute("saved", false);
        }
        return "catalog/plan";
    }

    private static boolean may(Authentication auth) {
        return auth.getAuthorities().stream().anyMatch(a -> Permissions.PLANS_MANAGE.equals(a.getAuthority()));
    }

    private static PlanRow row(Plan p, Locale locale) {
        List<String> prices = new ArrayList<>();
        for (BillingCycle cycle : BillingCycle.values()) {
            p.price(cycle).ifPresent(m -> prices.add(cycle.code() + " " + PlanForm.money(m, locale)));
        }
        return new PlanRow(p.slug(), p.name(), p.active(), p.recommended(), p.sortOrder(), String.join(", ", prices),
                p.trialDays() == null ? "platform default" : String.valueOf(p.trialDays()),
                p.supportLevel().code());
    }


}
