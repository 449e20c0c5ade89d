package org.atrium.site.web;

import java.util.List;
import java.util.Locale;

import org.atrium.catalog.BillingCycle;
import org.atrium.catalog.Catalog;
import org.atrium.catalog.Plan;
import org.atrium.operations.Settings;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The HQ's preview of a plan's pricing card: the same card, made by the same {@link PricingTable}, as the pricing
 * page shows, for a plan whether it is on sale or not. A fragment the plan page loads (with htmx, or as a link).
 */
@Controller
class PlanCardPreview {

    private final Catalog catalog;
    private final Settings settings;

    PlanCardPreview(Catalog catalog, Settings settings) {
        this.catalog = catalog;
        this.settings = settings;
    }

    @GetMapping("/hq/plans/{slug}/card")
    @PreAuthorize("hasAnyAuthority('saas.plans.manage', 'tenants.read', 'tenants.manage')")
    String card(@PathVariable String slug, @RequestParam(required = false) @Nullable String cycle, Locale locale,
            Model model) {
        Plan plan = catalog.requirePlan(slug);
        BillingCycle shown = "annual".equals(cycle) ? BillingCycle.ANNUAL : BillingCycle.MONTHLY;
        PricingTable table = PricingTable.of(List.of(plan), catalog.metrics(), shown, settings.current().trialDays(),
                locale);
        model.addAttribute("cycle", shown.code());
        model.addAttribute("empty", table.cards().isEmpty());
        model.addAttribute("table", table); // the card fragment iterates over the table's cards itself
        return "catalog/plan-card :: preview";
    }
}
