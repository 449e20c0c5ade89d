package org.atrium.portal.web;

import java.math.BigDecimal;
import java.util.List;

import org.atrium.identity.TenantRole.TenantPermissions;
import org.atrium.payments.Recharge;
import org.atrium.payments.Recharging;
import org.atrium.platform.PageRequest;
import org.atrium.platform.ProblemException;
import org.atrium.tenancy.Tenant;
import org.atrium.wallet.Wallet;
import org.atrium.wallet.WalletTransactionQuery;
import org.atrium.wallet.Wallets;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The wallet: balance, ledger, and recharges through the payments module's gateways. A recharge goes to the
 * gateway's hosted page (the sandbox's locally) and comes back to a page that waits for the credit (it polls a
 * fragment of itself) and then shows it. Recharging stays open to a read-only or suspended tenant: it is how access
 * comes back.
 */
@Controller
class WalletPages {

    /** The amounts offered as one click, in the wallet's currency. */
    static final List<BigDecimal> PRESETS = List.of(new BigDecimal("10"), new BigDecimal("25"),
            new BigDecimal("50"), new BigDecimal("100"));

    private final Wallets wallets;
    private final Recharging recharging;

    WalletPages(Wallets wallets, Recharging recharging) {
        this.wallets = wallets;
        this.recharging = recharging;
    }

    @GetMapping({ "/t/{slug}/portal/wallet", "/portal/wallet" })
    String page(@RequestParam(required = false) Integer page, HttpServletRequest request, Model model) {
        Portal.require(TenantPermissions.READ);
        return show(Portal.tenant(request), page, model, null, null);
    }

    @PostMapping({ "/t/{slug}/portal/wallet/recharges", "/portal/wallet/recharges" })
    String recharge(@RequestParam(defaultValue = "") String preset, @RequestParam(defaultValue = "") String custom,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        Portal.require(TenantPermissions.BILLING_MANAGE);
        Tenant tenant = Portal.tenant(request);
        String chosen = custom.isBlank() ? preset.trim() : custom.trim();
        BigDecimal amount;
        try {
            amount = chosen.isEmpty() ? null : new BigDecimal(chosen);
        } catch (NumberFormatException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return show(tenant, null, model, "The amount must be a number, like 25 or 25.50.", chosen);
        }
        try {
            Recharge started = recharging.start(tenant.id(), amount, null, Portal.base(request) + "/wallet/return");
            if (started.checkoutUrl() == null) {
                throw new ProblemException(HttpStatus.BAD_GATEWAY, "gateway-unavailable",
                        "The gateway gave no page to pay on; nothing was charged");
            }
            return "redirect:" + started.checkoutUrl();
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return show(tenant, null, model, e.getMessage(), chosen);
        }
    }

    /** Where the gateway sends the payer back ({@code recharge} is added by the payments module's return). */
    @GetMapping({ "/t/{slug}/portal/wallet/return", "/portal/wallet/return" })
    String returned(@RequestParam(defaultValue = "") String recharge, HttpServletRequest request, Model model) {
        Portal.require(TenantPermissions.READ);
        returnModel(Portal.tenant(request), recharge, model);
        return "portal/recharge";
    }

    @GetMapping({ "/t/{slug}/portal/wallet/return/status", "/portal/wallet/return/status" })
    String returnStatus(@RequestParam(defaultValue = "") String recharge, HttpServletRequest request, Model model) {
        Portal.require(TenantPermissions.READ);
        returnModel(Portal.tenant(request), recharge, model);
        return "portal/recharge :: status";
    }

    private void returnModel(Tenant tenant, String reference, Model model) {
        Recharge r = recharging.find(tenant.id(), reference)
                .orElseThrow(() -> ProblemException.notFound("Recharge", reference));
        model.addAttribute("recharge", r);
        model.addAttribute("settled", !r.status().isUnsettled());
        model.addAttribute("wallet", wallets.require(tenant.id()));
    }

    private String show(Tenant tenant, @Nullable Integer page, Model model, @Nullable String error,
            @Nullable String amount) {
        Wallet wallet = wallets.require(tenant.id());
        model.addAttribute("wallet", wallet);
        model.addAttribute("ledger", wallets.transactions(tenant.id(), Portal.newest(page, "seq"),
                WalletTransactionQuery.ALL));
        model.addAttribute("presets", PRESETS);
        model.addAttribute("recharges", recharging.list(tenant.id(), new PageRequest(0, 10, "created_at", true), null).items());
        model.addAttribute("error", error);
        model.addAttribute("amount", amount);
        return "portal/wallet";
    }
}
