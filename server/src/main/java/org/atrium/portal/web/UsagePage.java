package org.atrium.portal.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.atrium.catalog.Catalog;
import org.atrium.entitlements.EntitlementSnapshot;
import org.atrium.entitlements.EntitlementSnapshot.LimitEntitlement;
import org.atrium.entitlements.Entitlements;
import org.atrium.identity.TenantRole.TenantPermissions;
import org.atrium.subscriptions.Subscriptions;
import org.atrium.tenancy.Tenant;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Plan and usage: every limit as a bar (current / limit, the period it counts in). The bars are a fragment of the
 * same template that the page polls every 2 seconds (htmx), so a usage event shows within about 2 s.
 */
@Controller
class UsagePage {

    /** One limit as a bar; {@code limit} -1 is unlimited (the bar then has no maximum). */
    record Bar(String metric, String description, long current, long limit, @Nullable String periodEnd,
            boolean over) {

        public boolean unlimited() {
            return limit < 0;
        }

        /** The bar's maximum: the limit, or the current value for an unlimited metric (a full, neutral bar). */
        public long max() {
            return limit < 0 ? Math.max(1, current) : Math.max(1, limit);
        }
    }

    private final Entitlements entitlements;
    private final Subscriptions subscriptions;
    private final Catalog catalog;

    UsagePage(Entitlements entitlements, Subscriptions subscriptions, Catalog catalog) {
        this.entitlements = entitlements;
        this.subscriptions = subscriptions;
        this.catalog = catalog;
    }

    @GetMapping({ "/t/{slug}/portal/usage", "/portal/usage" })
    String page(HttpServletRequest request, Model model) {
        Portal.require(TenantPermissions.READ);
        Tenant tenant = Portal.tenant(request);
        model.addAttribute("subscription", subscriptions.find(tenant.id()).orElse(null));
        model.addAttribute("plan", catalog.findPlan(tenant.plan()).orElse(null));
        model.addAttribute("bars", bars(tenant));
        return "portal/usage";
    }

    @GetMapping({ "/t/{slug}/portal/usage/bars", "/portal/usage/bars" })
    String bars(HttpServletRequest request, Model model) {
        Portal.require(TenantPermissions.READ);
        model.addAttribute("bars", bars(Portal.tenant(request)));
        return "portal/usage :: bars";
    }

    private List<Bar> bars(Tenant tenant) {
        EntitlementSnapshot snapshot = entitlements.snapshot(tenant.id());
        List<Bar> bars = new ArrayList<>();
        for (Map.Entry<String, LimitEntitlement> e : snapshot.limits().entrySet()) {
            LimitEntitlement l = e.getValue();
            String description = catalog.metric(e.getKey()).map(m -> m.description()).orElse(e.getKey());
            bars.add(new Bar(e.getKey(), description, l.current(), l.limit(),
                    l.periodEnd() == null ? null : l.periodEnd().toString(), l.limit() >= 0 && l.current() >= l.limit()));
        }
        return bars;
    }
}
