package org.atrium.console.web;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;

import org.atrium.platform.Ids;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.Reasons;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.atrium.wallet.LedgerRequest;
import org.atrium.wallet.LedgerResult;
import org.atrium.wallet.LedgerType;
import org.atrium.wallet.WalletTransaction;
import org.atrium.wallet.WalletTransactionQuery;
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
 * A tenant's wallet: the balance, the ledger (newest first, paged) and, for staff with {@code saas.wallets.manage},
 * crediting and debiting by hand. A movement is asked for, shown back for confirmation, then recorded through
 * {@link Wallets} as {@code POST …/wallet/credits|debits} records it; its reference is filled in when the form is
 * opened, so sending the confirmed form twice records the movement once.
 */
@Controller
@RequestMapping("/hq/tenants/{slug}/wallet")
class WalletTab extends ConsolePage {

    private static final Map<String, String> SORTABLE = Map.of("createdAt", "seq");

    private final Tenants tenants;
    private final Wallets wallets;
    private final Clock clock;

    WalletTab(Tenants tenants, Wallets wallets, Clock clock) {
        this.tenants = tenants;
        this.wallets = wallets;
        this.clock = clock;
    }

    /** The movement form's fields as typed. */
    record Movement(String kind, String amount, String reason, String reference) {

        LedgerType type() {
            return kind.equals("debit") ? LedgerType.MANUAL_DEBIT : LedgerType.MANUAL_CREDIT;
        }
    }

    @GetMapping
    @PreAuthorize("hasAnyAuthority('tenants.read', 'saas.wallets.manage')")
    String wallet(@PathVariable String slug, @RequestParam(required = false) Integer page, Model model) {
        Tenant tenant = tenants.requireBySlug(slug);
        show(tenant, page, blank("credit"), null, Map.of(), model);
        return "console/tenant-wallet";
    }

    @PostMapping("/confirm")
    @PreAuthorize("hasAuthority('saas.wallets.manage')")
    String confirm(@PathVariable String slug, @RequestParam(defaultValue = "credit") String kind,
            @RequestParam(defaultValue = "") String amount, @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "") String reference, Model model, HttpServletResponse response) {
        Tenant tenant = tenants.requireBySlug(slug);
        Movement movement = new Movement(kind(kind), amount.strip(), reason.strip(), reference.strip());
        Map<String, String> errors = check(movement);
        if (!errors.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            show(tenant, null, movement, ProblemException.describe(errors), errors, model);
            return "console/tenant-wallet";
        }
        model.addAttribute("tenant", tenant);
        model.addAttribute("movement", movement);
        model.addAttribute("wallet", wallets.require(tenant.id()));
        model.addAttribute("amount", new BigDecimal(movement.amount()));
        return "console/tenant-wallet-confirm";
    }

    @PostMapping("/movements")
    @PreAuthorize("hasAuthority('saas.wallets.manage')")
    String record(@PathVariable String slug, @RequestParam(defaultValue = "credit") String kind,
            @RequestParam(defaultValue = "") String amount, @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "") String reference, Model model, HttpServletResponse response) {
        Tenant tenant = tenants.requireBySlug(slug);
        Movement movement = new Movement(kind(kind), amount.strip(), reason.strip(), reference.strip());
        Map<String, String> errors = check(movement);
        try {
            if (!errors.isEmpty()) {
                throw ProblemException.badRequest("validation", ProblemException.describe(errors), errors);
            }
            LedgerRequest request = LedgerRequest.of(movement.type(), new BigDecimal(movement.amount()),
                    movement.reference(), movement.reason());
            LedgerResult result = movement.type().isCredit() ? wallets.credit(tenant.id(), request)
                    : wallets.debit(tenant.id(), request);
            String done = result.replayed() ? "replayed" : movement.type().isCredit() ? "credited" : "debited";
            return "redirect:/hq/tenants/" + slug + "/wallet?done=" + done;
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            show(tenant, null, movement, e.getMessage(), fieldErrors(e), model);
            return "console/tenant-wallet";
        }
    }

    /** The whole ledger as CSV, oldest first, written and flushed a page at a time. */
    @GetMapping("/ledger.csv")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'saas.wallets.manage')")
    void ledger(@PathVariable String slug, HttpServletResponse response) throws java.io.IOException {
        Tenant tenant = tenants.requireBySlug(slug);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"ledger-" + tenant.slug() + ".csv\"");
        java.io.Writer out = response.getWriter();
        Csv.line(out, java.util.List.of("seq", "created_at", "type", "amount", "balance_after", "currency",
                "reference", "description", "created_by"));
        for (int page = 0;; page++) {
            PageResponse<WalletTransaction> rows = wallets.transactions(tenant.id(),
                    PageRequest.of(page, TenantsPage.EXPORT_PAGE, "createdAt", SORTABLE, "createdAt"),
                    WalletTransactionQuery.ALL);
            for (WalletTransaction t : rows.items()) {
                Csv.line(out, java.util.List.of(Csv.number(String.valueOf(t.seq())), Csv.text(t.createdAt().toString()),
                        Csv.text(t.type().code()), Csv.number(t.amount().amount().toPlainString()),
                        Csv.number(t.balanceAfter().amount().toPlainString()),
                        Csv.text(t.amount().currency().getCurrencyCode()), Csv.text(t.reference()),
                        Csv.text(t.description() == null ? "" : t.description()), Csv.text(t.createdBy())));
            }
            out.flush();
            if (rows.items().isEmpty() || (long) (page + 1) * TenantsPage.EXPORT_PAGE >= rows.totalItems()) {
                break;
            }
        }
    }

    private void show(Tenant tenant, @Nullable Integer page, Movement form, @Nullable String error,
            Map<String, String> errors, Model model) {
        PageRequest paging = PageRequest.of(page, 25, "createdAt,desc", SORTABLE, "createdAt,desc");
        PageResponse<WalletTransaction> ledger = wallets.transactions(tenant.id(), paging, WalletTransactionQuery.ALL);
        model.addAttribute("tenant", tenant);
        model.addAttribute("wallet", wallets.require(tenant.id()));
        model.addAttribute("ledger", ledger);
        model.addAttribute("page", paging.page());
        model.addAttribute("pages", (ledger.totalItems() + paging.size() - 1) / paging.size());
        model.addAttribute("form", form);
        model.addAttribute("error", error);
        model.addAttribute("errors", errors);
    }

    private Movement blank(String kind) {
        return new Movement(kind, "", "", "hq-" + Ids.newId(clock));
    }

    /** What the form can tell before the wallet is asked; the wallet checks the rest (decimals, currency, limits). */
    private static Map<String, String> check(Movement m) {
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        try {
            if (new BigDecimal(m.amount()).signum() <= 0) {
                errors.put("amount", "must be greater than zero");
            }
        } catch (NumberFormatException e) {
            errors.put("amount", "must be an amount such as 25.00");
        }
        try {
            Reasons.require(m.reason());
        } catch (ProblemException e) {
            errors.put("reason", Reasons.REQUIRED);
        }
        if (m.reference().isEmpty()) {
            errors.put("reference", "is required");
        }
        return errors;
    }

    private static String kind(String kind) {
        return kind.equals("debit") ? "debit" : "credit";
    }
}
