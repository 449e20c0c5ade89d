package org.atrium.payments.web;

import java.math.BigDecimal;
import java.util.Map;

import org.atrium.payments.RechargeStatus;
import org.atrium.payments.Recharging;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.web.RequestLogging;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

@RestController
@Tag(name = "Recharges")
class RechargeController {

    private static final Map<String, String> SORTABLE = Map.of("createdAt", "created_at", "amount", "amount",
            "status", "status");

    private final Recharging recharging;
    private final Tenants tenants;

    RechargeController(Recharging recharging, Tenants tenants) {
        this.recharging = recharging;
        this.tenants = tenants;
    }

    /**
     * @param amount    a decimal number or string in the wallet's currency
     * @param gateway   stripe, paypal, paystack or sandbox; the default gateway when absent
     * @param returnUrl where the payer comes back to: a path on Atrium or a URL on its host
     */
    record RechargeRequest(@Nullable BigDecimal amount, @Nullable String gateway, @Nullable String returnUrl) {
    }

    /** @param reference the refund's idempotency key (or send {@code Idempotency-Key}) */
    record RefundRequest(@Nullable BigDecimal amount, @Nullable String reason, @Nullable String reference) {
    }

    @PostMapping("/api/v1/tenants/{slug}/recharges")
    @PreAuthorize("hasAuthority('saas.wallets.manage')")
    @Operation(summary = "Start a recharge: stored as pending, answered with the gateway's checkout URL")
    ResponseEntity<RechargeView> start(@PathVariable String slug, @RequestBody @Nullable RechargeRequest body,
            HttpServletRequest request) {
        Tenant tenant = tenant(slug, request);
        if (body == null) {
            throw ProblemException.invalidField("amount", "is required");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(RechargeView.of(
                recharging.start(tenant.id(), body.amount(), body.gateway(), body.returnUrl())));
    }

    @GetMapping("/api/v1/tenants/{slug}/recharges")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'saas.wallets.manage')")
    PageResponse<RechargeView> list(@PathVariable String slug, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String sort, HttpServletRequest request) {
        Tenant tenant = tenant(slug, request);
        return recharging.list(tenant.id(), PageRequest.of(page, size, sort, SORTABLE, "createdAt,desc"),
                status(status)).map(RechargeView::of);
    }

    @GetMapping("/api/v1/tenants/{slug}/recharges/{reference}")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'saas.wallets.manage')")
    RechargeView get(@PathVariable String slug, @PathVariable String reference, HttpServletRequest request) {
        return RechargeView.of(recharging.require(tenant(slug, request).id(), reference));
    }

    @PostMapping("/api/v1/tenants/{slug}/recharges/{reference}/refund")
    @PreAuthorize("hasAuthority('saas.billing.admin')")
    @Operation(summary = "Refund a paid recharge through its gateway (full when amount is absent); once per reference")
    RechargeView refund(@PathVariable String slug, @PathVariable String reference,
            @RequestBody @Nullable RefundRequest body,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
            HttpServletRequest request) {
        Tenant tenant = tenant(slug, request);
        if (body == null) {
            throw ProblemException.invalidField("reason", "is required");
        }
        String key = body.reference() != null ? body.reference() : idempotencyKey;
        return RechargeView.of(recharging.refund(tenant.id(), reference, body.amount(), body.reason(), key));
    }

    @GetMapping("/api/v1/recharges/flagged")
    @PreAuthorize("hasAuthority('saas.billing.admin')")
    @Operation(summary = "Recharges of every tenant whose payment did not match (not credited), for staff")
    PageResponse<RechargeView> flagged(@RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size, @RequestParam(required = false) String sort) {
        return recharging.flagged(PageRequest.of(page, size, sort, SORTABLE, "createdAt,desc"))
                .map(RechargeView::of);
    }

    private static @Nullable RechargeStatus status(@Nullable String status) {
        if (status == null) {
            return null;
        }
        try {
            return RechargeStatus.fromCode(status);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("status", "must be pending, paid, failed, expired, refunded or"
                    + " flagged");
        }
    }

    private Tenant tenant(String slug, HttpServletRequest request) {
        request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        return tenants.requireBySlug(slug);
    }
}
