package org.atrium.console.web;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.atrium.catalog.BillingCycle;
import org.atrium.catalog.Catalog;
import org.atrium.catalog.Plan;
import org.atrium.platform.Money;
import org.atrium.platform.ProblemException;
import org.atrium.portal.Onboarding;
import org.atrium.subscriptions.Subscription;
import org.atrium.subscriptions.SubscriptionStatus;
import org.atrium.subscriptions.Subscriptions;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.TenantAdministration;
import org.atrium.tenancy.TenantQuery;
import org.atrium.tenancy.Tenants;
import org.atrium.wallet.Wallet;
import org.atrium.wallet.Wallets;
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

/**
 * A tenant's overview (status with its reason, plan, cycle, period end, trial days left, balance, hints) and the
 * actions on the tenant itself: suspend and lift with a reason, soft-delete and restore, and the page that starts an
 * impersonation. Each action that changes access shows a confirmation step first, then calls
 * {@link TenantAdministration} exactly as the REST controller does.
 */
@Controller
@RequestMapping("/hq/tenants/{slug}")
class TenantPage extends ConsolePage {

    private final Tenants tenants;
    private final TenantAdministration administration;
    private final Subscriptions subscriptions;
    private final Wallets wallets;
    private final Catalog catalog;
    private final Clock clock;
    private final Onboarding onboarding;

    TenantPage(Tenants tenants, TenantAdministration administration, Subscriptions subscriptions, Wallets wallets,
            Catalog catalog, Clock clock, Onboarding onboarding) {
        this.onboarding = onboarding;
        this.tenants = tenants;
        this.administration = administration;
        this.subscriptions = subscriptions;
        this.wallets = wallets;
        this.catalog = catalog;
        this.clock = clock;
    }

    record Overview(@Nullable Subscription subscription, @Nullable Plan plan, @Nullable Money price, Wallet wallet,
            @Nullable Long trialDaysLeft, List<String> hints) {
    }

    @GetMapping
    @PreAuthorize("hasAnyAuthority('tenants.read', 'tenants.manage')")
    String overview(@PathVariable String slug, Model model) {
        Tenant tenant = tenants.requireBySlug(slug);
        model.addAttribute("tenant", tenant);
        model.addAttribute("overview", overview(tenant));
        model.addAttribute("onboarding", onboarding.progress(tenant.id()));
        return "console/tenant";
    }

    private Overview overview(Tenant tenant) {
        Subscription subscription = subscriptions.find(tenant.id()).orElse(null);
        Plan plan = catalog.plans(null).stream().filter(p -> p.slug().equals(tenant.plan())).findFirst().orElse(null);
        BillingCycle cycle = subscription == null ? BillingCycle.MONTHLY : subscription.cycle();
        Money price = plan == null ? null : plan.price(cycle).orElse(null);
        Wallet wallet = wallets.require(tenant.id());
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of(tenant.regional().timezone()));
        Long trialDaysLeft = subscription != null && subscription.status() == SubscriptionStatus.TRIAL
                ? Math.max(0, ChronoUnit.DAYS.between(today, subscription.periodEnd())) : null;
        List<String> hints = new ArrayList<>();
        if (subscription != null && price != null && price.isPositive() && subscription.autoRenew()
                && !subscription.cancelAtPeriodEnd() && price.currency().equals(wallet.balance().currency())
                && !wallet.balance().isAtLeast(price)) {
            hints.add("The wallet does not cover the next renewal.");
        }
        if (subscription != null && subscription.openInvoice() != null) {
            hints.add("Invoice " + subscription.openInvoice() + " is open.");
        }
        if (subscription != null && subscription.cancelAtPeriodEnd()) {
            hints.add("The subscription ends at the end of this period.");
        }
        if (subscription != null && subscription.pendingPlan() != null) {
            hints.add("Changes to plan " + subscription.pendingPlan() + " at the end of this period.");
        }
        if (subscription != null && !subscription.autoRenew()) {
            hints.add("Auto-renew is off.");
        }
        return new Overview(subscription, plan, price, wallet, trialDaysLeft, List.copyOf(hints));
    }

    // Suspend and lift: a form with the reason, a confirmation, then the change.

    @GetMapping("/suspend")
    @PreAuthorize("hasAuthority('tenants.manage')")
    String suspendForm(@PathVariable String slug, Model model) {
        return reasonForm(tenants.requireBySlug(slug), "suspend", "", null, model);
    }

    @PostMapping("/suspend")
    @PreAuthorize("hasAuthority('tenants.manage')")
    String suspend(@PathVariable String slug, @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "") String confirmed, Model model, HttpServletResponse response) {
        return reasonAction(slug, "suspend", reason, confirmed, model, response,
                () -> administration.suspend(slug, reason), "suspended");
    }

    @GetMapping("/activate")
    @PreAuthorize("hasAuthority('tenants.manage')")
    String activateForm(@PathVariable String slug, Model model) {
        return reasonForm(tenants.requireBySlug(slug), "activate", "", null, model);
    }

    @PostMapping("/activate")
    @PreAuthorize("hasAuthority('tenants.manage')")
    String activate(@PathVariable String slug, @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "") String confirmed, Model model, HttpServletResponse response) {
        return reasonAction(slug, "activate", reason, confirmed, model, response,
                () -> administration.lift(slug, reason), "activated");
    }

    @GetMapping("/delete")
    @PreAuthorize("hasAuthority('tenants.manage')")
    String deleteForm(@PathVariable String slug, Model model) {
        return reasonForm(tenants.requireBySlug(slug), "delete", "", null, model);
    }

    @PostMapping("/delete")
    @PreAuthorize("hasAuthority('tenants.manage')")
    String delete(@PathVariable String slug, @RequestParam(defaultValue = "") String confirmed, Model model,
            HttpServletResponse response) {
        Tenant tenant = tenants.requireBySlug(slug);
        if (!"yes".equals(confirmed)) {
            return reasonForm(tenant, "delete", "", null, model);
        }
        try {
            administration.delete(slug);
            return "redirect:/hq/tenants?deleted=true&q=" + slug;
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return reasonForm(tenant, "delete", "", e.getMessage(), model);
        }
    }

    /** Restoring needs the deleted tenant, which {@link Tenants#requireBySlug} does not return. */
    @PostMapping("/restore")
    @PreAuthorize("hasAuthority('tenants.manage')")
    String restore(@PathVariable String slug, @RequestParam(defaultValue = "") String confirmed, Model model,
            HttpServletResponse response) {
        Tenant tenant = deleted(slug);
        if (!"yes".equals(confirmed)) {
            return reasonForm(tenant, "restore", "", null, model);
        }
        try {
            administration.restore(slug);
            return "redirect:/hq/tenants/" + slug + "?done=restored";
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return reasonForm(tenant, "restore", "", e.getMessage(), model);
        }
    }

    private Tenant deleted(String slug) {
        return administration.list(new TenantQuery(null, null, slug, true),
                org.atrium.platform.PageRequest.of(0, org.atrium.platform.PageRequest.MAX_SIZE, "createdAt,desc",
                        TenantsPage.SORTS, "createdAt,desc")).items().stream()
                .filter(t -> t.slug().equals(slug)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("Deleted tenant", slug));
    }

    /** The impersonation form: reason and duration; it opens the portal in a new tab (identity starts it). */
    @GetMapping("/impersonate")
    @PreAuthorize("hasAuthority('tenants.impersonate')")
    String impersonateForm(@PathVariable String slug, Model model) {
        model.addAttribute("tenant", tenants.requireBySlug(slug));
        return "console/tenant-impersonate";
    }

    private String reasonForm(Tenant tenant, String action, String reason, @Nullable String error, Model model) {
        model.addAttribute("tenant", tenant);
        model.addAttribute("action", action);
        model.addAttribute("reason", reason);
        model.addAttribute("error", error);
        model.addAttribute("confirming", false);
        return "console/tenant-action";
    }

    /**
     * The two steps of an action with a reason: without {@code confirmed=yes} the reason is shown back with a
     * confirm button; with it the change is made, and a refusal shows the form again with the server's message.
     */
    private String reasonAction(String slug, String action, String reason, String confirmed, Model model,
            HttpServletResponse response, Runnable change, String done) {
        Tenant tenant = tenants.requireBySlug(slug);
        if (!"yes".equals(confirmed)) {
            if (reason.isBlank()) {
                response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
                return reasonForm(tenant, action, reason, "A reason is required.", model);
            }
            reasonForm(tenant, action, reason, null, model);
            model.addAttribute("confirming", true);
            return "console/tenant-action";
        }
        try {
            change.run();
            return "redirect:/hq/tenants/" + slug + "?done=" + done;
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return reasonForm(tenant, action, reason, e.getMessage(), model);
        }
    }
}
