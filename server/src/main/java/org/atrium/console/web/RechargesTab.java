package org.atrium.console.web;

import java.util.Map;

import org.atrium.payments.Recharge;
import org.atrium.payments.RechargeStatus;
import org.atrium.payments.Recharging;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A tenant's recharges through the payment gateways and where each stands (pending, paid, failed, expired,
 * refunded, or flagged with the reason it was not credited), newest first, filtered by status: what
 * {@code GET /api/v1/tenants/{slug}/recharges} lists, from {@link Recharging}, with the same permission.
 */
@Controller
@RequestMapping("/hq/tenants/{slug}/recharges")
class RechargesTab extends ConsolePage {

    private static final Map<String, String> SORTABLE = Map.of("createdAt", "created_at");

    private final Tenants tenants;
    private final Recharging recharging;

    RechargesTab(Tenants tenants, Recharging recharging) {
        this.tenants = tenants;
        this.recharging = recharging;
    }

    @GetMapping
    @PreAuthorize("hasAnyAuthority('tenants.read', 'saas.wallets.manage')")
    String recharges(@PathVariable String slug, @RequestParam(required = false) Integer page,
            @RequestParam(defaultValue = "") String status, Model model) {
        Tenant tenant = tenants.requireBySlug(slug);
        PageRequest paging = PageRequest.of(page, 25, "createdAt,desc", SORTABLE, "createdAt,desc");
        PageResponse<Recharge> found = recharging.list(tenant.id(), paging, status(status));
        model.addAttribute("tenant", tenant);
        model.addAttribute("recharges", found.items());
        model.addAttribute("status", status);
        model.addAttribute("statuses", RechargeStatus.values());
        model.addAttribute("page", paging.page());
        model.addAttribute("pages", (found.totalItems() + paging.size() - 1) / paging.size());
        return "console/tenant-recharges";
    }

    private static @Nullable RechargeStatus status(String status) {
        if (status.isBlank()) {
            return null;
        }
        try {
            return RechargeStatus.fromCode(status.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("status",
                    "must be pending, paid, failed, expired, refunded or flagged");
        }
    }
}
