package org.atrium.site.web;

import java.time.Duration;
import java.util.Locale;

import org.atrium.catalog.BillingCycle;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /pricing}: the active plans as cards for one billing cycle (monthly or annual, chosen by a link so the page
 * works without JavaScript and the choice lives in the URL), the saving of paying yearly, and a table comparing every
 * limit and feature. The table is cached ({@link PricingTables}); the page may be cached for a minute.
 */
@Controller
class PricingPage {

    private final PricingTables tables;
    private final String platformName;

    PricingPage(PricingTables tables, @Value("${atrium.notifications.platform-name:Atrium}") String platformName) {
        this.tables = tables;
        this.platformName = platformName;
    }

    @GetMapping("/pricing")
    String pricing(@RequestParam(name = "cycle", required = false) @Nullable String cycle, Locale locale, Model model,
            HttpServletResponse response) {
        // A display choice, not a command: anything but "annual" shows the monthly prices (the canonical page).
        BillingCycle shown = "annual".equals(cycle) ? BillingCycle.ANNUAL : BillingCycle.MONTHLY;
        PricingTable table = tables.table(shown, locale);
        model.addAttribute("platformName", platformName);
        model.addAttribute("activeNav", "pricing");
        model.addAttribute("metaDescription", "Plans and prices of %s: compare limits and features, pay monthly or "
                .formatted(platformName) + "yearly, and start a free trial.");
        model.addAttribute("cycle", shown.code());
        model.addAttribute("table", table);
        response.setHeader("Cache-Control", CacheControl.maxAge(Duration.ofMinutes(1)).cachePublic()
                .getHeaderValue());
        return "site/pricing";
    }
}
