package org.atrium.portal.web;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

import org.atrium.billing.Invoicing;
import org.atrium.catalog.Catalog;
import org.atrium.catalog.Plan;
import org.atrium.identity.PortalUser;
import org.atrium.platform.Money;
import org.atrium.portal.Onboarding;
import org.atrium.subscriptions.BillingCalendar;
import org.atrium.subscriptions.Subscription;
import org.atrium.subscriptions.Subscriptions;
import org.atrium.tenancy.Tenant;
import org.atrium.wallet.Wallet;
import org.atrium.wallet.Wallets;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import jakarta.servlet.http.HttpServletRequest;

/** The portal's home: what to do now (banners), the onboarding checklist, and the plan and wallet at a glance. */
@Controller
class HomePage {

    private final Subscriptions subscriptions;
    private final Catalog catalog;
    private final Wallets wallets;
    private final Invoicing invoicing;
    private final Onboarding onboarding;
    private final Clock clock;

    HomePage(Subscriptions subscriptions, Catalog catalog, Wallets wallets, Invoicing invoicing,
            Onboarding onboarding, Clock clock) {
        this.subscriptions = subscriptions;
        this.catalog = catalog;
        this.wallets = wallets;
        this.invoicing = invoicing;
        this.onboarding = onboarding;
        this.clock = clock;
    }

    @GetMapping({ "/t/{slug}/portal", "/portal" })
    String home(HttpServletRequest request, Model model) {
        PortalUser me = Portal.user();
        Tenant tenant = Portal.tenant(request);
        Optional<Subscription> subscription = subscriptions.find(tenant.id());
        Wallet wallet = wallets.require(tenant.id());
        Optional<Plan> plan = subscription.flatMap(s -> catalog.findPlan(s.plan()));
        Money nextPrice = subscription.flatMap(s -> plan.flatMap(p -> p.price(
                s.pendingCycle() != null ? s.pendingCycle() : s.cycle()))).orElse(null);
        ZoneId zone = subscription.map(Subscription::zone).orElse(ZoneId.of(tenant.regional().timezone()));
        LocalDate today = BillingCalendar.dateOf(clock.instant(), zone);
        model.addAttribute("banners", Banners.of(tenant, subscription.orElse(null), nextPrice, wallet.balance(),
                invoicing.open(tenant.id()), today));
        model.addAttribute("subscription", subscription.orElse(null));
        model.addAttribute("plan", plan.orElse(null));
        model.addAttribute("wallet", wallet);
        model.addAttribute("onboarding", onboarding.progress(tenant.id()));
        model.addAttribute("me", me);
        return "portal/home";
    }
}
