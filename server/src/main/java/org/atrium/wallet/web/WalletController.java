package org.atrium.wallet.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TextLimits;
import org.atrium.platform.web.RequestLogging;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.atrium.wallet.LedgerRequest;
import org.atrium.wallet.LedgerResult;
import org.atrium.wallet.LedgerType;
import org.atrium.wallet.WalletDiscrepancy;
import org.atrium.wallet.WalletTransactionQuery;
import org.atrium.wallet.Wallets;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

@RestController
@Tag(name = "Wallets")
class WalletController {

    private static final Map<String, String> SORTABLE = Map.of("createdAt", "seq", "seq", "seq", "amount", "amount",
            "type", "type");

    private final Wallets wallets;
    private final Tenants tenants;

    WalletController(Wallets wallets, Tenants tenants) {
        this.wallets = wallets;
        this.tenants = tenants;
    }

    /**
     * A manual movement by staff.
     *
     * @param amount    a decimal number or string, positive, in the wallet's currency
     * @param currency  optional; when given it must be the wallet's currency
     * @param reason    why, required: kept as the movement's description
     * @param reference the client's idempotency key, unique per tenant
     */
    record Movement(@Nullable BigDecimal amount, @Nullable String currency, @Nullable String reason,
            @Nullable String reference) {
    }

    record Verification(boolean valid, List<DiscrepancyView> discrepancies) {
    }

    @GetMapping("/api/v1/tenants/{slug}/wallet")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'saas.wallets.manage')")
    WalletView wallet(@PathVariable String slug, HttpServletRequest request) {
        Tenant tenant = tenant(slug, request);
        return WalletView.of(slug, wallets.require(tenant.id()));
    }

    @GetMapping("/api/v1/tenants/{slug}/wallet/transactions")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'saas.wallets.manage')")
    @Operation(summary = "The wallet's ledger, newest first; filter by type, reference and time range [from, to)")
    PageResponse<TransactionView> transactions(@PathVariable String slug, @RequestParam(required = false) String type,
            @RequestParam(required = false) String reference, @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size, @RequestParam(required = false) String sort,
            HttpServletRequest request) {
        Tenant tenant = tenant(slug, request);
        LedgerType parsed = null;
        if (type != null) {
            try {
                parsed = LedgerType.fromCode(type);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("type", e.getMessage());
            }
        }
        return wallets.transactions(tenant.id(), PageRequest.of(page, size, sort, SORTABLE, "createdAt,desc"),
                new WalletTransactionQuery(parsed, reference, from, to)).map(TransactionView::of);
    }

    @PostMapping("/api/v1/tenants/{slug}/wallet/credits")
    @PreAuthorize("hasAuthority('saas.wallets.manage')")
    @Operation(summary = "Credit the wallet by hand (manual_credit); 201 when recorded, 200 with the same body when the reference was recorded before")
    @ApiResponse(responseCode = "201", description = "Recorded: the ledger line")
    @ApiResponse(responseCode = "200", description = "The reference was recorded before: the first ledger line")
    @ApiResponse(responseCode = "422", description = "The balance would pass the largest a wallet holds")
    ResponseEntity<TransactionView> credit(@PathVariable String slug, @RequestBody Movement body,
            HttpServletRequest request) {
        Tenant tenant = tenant(slug, request);
        return respond(wallets.credit(tenant.id(), ledgerRequest(LedgerType.MANUAL_CREDIT, body)));
    }

    @PostMapping("/api/v1/tenants/{slug}/wallet/debits")
    @PreAuthorize("hasAuthority('saas.wallets.manage')")
    @Operation(summary = "Debit the wallet by hand (manual_debit, may go below zero); 201 when recorded, 200 on a repeated reference")
    @ApiResponse(responseCode = "201", description = "Recorded: the ledger line")
    @ApiResponse(responseCode = "200", description = "The reference was recorded before: the first ledger line")
    @ApiResponse(responseCode = "422", description = "The balance would pass the largest a wallet holds")
    ResponseEntity<TransactionView> debit(@PathVariable String slug, @RequestBody Movement body,
            HttpServletRequest request) {
        Tenant tenant = tenant(slug, request);
        return respond(wallets.debit(tenant.id(), ledgerRequest(LedgerType.MANUAL_DEBIT, body)));
    }

    @GetMapping("/api/v1/wallets/verify")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'saas.wallets.manage')")
    @Operation(summary = "Check every wallet: balance = sum of its ledger = balance after its last row")
    Verification verify() {
        List<WalletDiscrepancy> found = wallets.verifyAll();
        return new Verification(found.isEmpty(), found.stream().map(DiscrepancyView::of).toList());
    }

    private Tenant tenant(String slug, HttpServletRequest request) {
        request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        return tenants.requireBySlug(slug);
    }

    private static LedgerRequest ledgerRequest(LedgerType type, @Nullable Movement body) {
        if (body == null) {
            throw ProblemException.badRequest("validation", "A body with amount, reason and reference is required");
        }
        if (body.reason() == null || body.reason().isBlank()) {
            throw ProblemException.invalidField("reason", "is required: say why the wallet is changed by hand");
        }
        if (body.reason().strip().length() > TextLimits.REASON) {
            throw ProblemException.invalidField("reason", "at most %d characters".formatted(TextLimits.REASON));
        }
        return new LedgerRequest(type, body.amount(), body.currency(), body.reference(), body.reason(), null, null);
    }

    private static ResponseEntity<TransactionView> respond(LedgerResult result) {
        return ResponseEntity.status(result.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(TransactionView.of(result.transaction()));
    }
}
