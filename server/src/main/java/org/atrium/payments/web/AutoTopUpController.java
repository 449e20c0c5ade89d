package org.atrium.payments.web;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.atrium.payments.AutoTopUp;
import org.atrium.payments.AutoTopUps;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.platform.web.RequestLogging;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/** A tenant's auto top-up through Stripe: its settings, saving a card, and the return from Stripe's setup page. */
@RestController
@Tag(name = "Recharges")
class AutoTopUpController {

    private final AutoTopUps autoTopUps;
    private final Tenants tenants;

    AutoTopUpController(AutoTopUps autoTopUps, Tenants tenants) {
        this.autoTopUps = autoTopUps;
        this.tenants = tenants;
    }

    /**
     * @param threshold recharge when the balance falls below this (wallet currency)
     * @param amount    how much each auto top-up recharges
     * @param enabled   on or off; unchanged when absent
     */
    record AutoTopUpRequest(@Nullable BigDecimal threshold, @Nullable BigDecimal amount, @Nullable Boolean enabled) {
    }

    /** @param returnUrl where the tenant comes back to after saving the card */
    record CardSetupRequest(@Nullable String returnUrl) {
    }

    record CardSetupView(String checkoutUrl) {
    }

    record AutoTopUpView(boolean enabled, @Nullable String threshold, @Nullable String amount, String currency,
            @Nullable String card, int failures, @Nullable String lastError, int crossings,
            @Nullable Instant lastChargedAt, Instant updatedAt) {

        static AutoTopUpView of(AutoTopUp a) {
            return new AutoTopUpView(a.enabled(), a.threshold() == null ? null : a.threshold().toPlainString(),
                    a.amount() == null ? null : a.amount().toPlainString(), a.currency(), a.card(), a.failures(),
                    a.lastError(), a.crossings(), a.lastChargedAt(), a.updatedAt());
        }
    }

    @GetMapping("/api/v1/tenants/{slug}/auto-top-up")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'saas.wallets.manage')")
    AutoTopUpView get(@PathVariable String slug, HttpServletRequest request) {
        Tenant tenant = tenant(slug, request);
        return view(autoTopUps.find(tenant.id())
                .orElseThrow(() -> ProblemException.notFound("Auto top-up of tenant", slug)), tenant);
    }

    @PutMapping("/api/v1/tenants/{slug}/auto-top-up")
    @PreAuthorize("hasAuthority('saas.wallets.manage')")
    @Operation(summary = "Set the threshold and amount of the tenant's auto top-up and turn it on or off")
    AutoTopUpView configure(@PathVariable String slug, @RequestBody @Nullable AutoTopUpRequest body,
            HttpServletRequest request) {
        Tenant tenant = tenant(slug, request);
        if (body == null) {
            throw ProblemException.invalidField("threshold", "is required");
        }
        return view(autoTopUps.configure(tenant.id(), body.threshold(), body.amount(), body.enabled()), tenant);
    }

    @DeleteMapping("/api/v1/tenants/{slug}/auto-top-up")
    @PreAuthorize("hasAuthority('saas.wallets.manage')")
    @Operation(summary = "Turn the tenant's auto top-up off and forget its saved card")
    ResponseEntity<Void> remove(@PathVariable String slug, HttpServletRequest request) {
        autoTopUps.remove(tenant(slug, request).id());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/tenants/{slug}/auto-top-up/card-setup")
    @PreAuthorize("hasAuthority('saas.wallets.manage')")
    @Operation(summary = "Start saving a card for auto top-up: Stripe Checkout in setup mode")
    ResponseEntity<CardSetupView> cardSetup(@PathVariable String slug, @RequestBody @Nullable CardSetupRequest body,
            HttpServletRequest request) {
        Tenant tenant = tenant(slug, request);
        return ResponseEntity.status(HttpStatus.CREATED).body(new CardSetupView(
                autoTopUps.startCardSetup(tenant.id(), body == null ? null : body.returnUrl())));
    }

    /** Where Stripe sends the tenant back: open like the recharge return (it only makes Atrium ask Stripe). */
    @GetMapping("/payments/auto-top-up/return/{tenant}")
    @Hidden
    ResponseEntity<Void> returned(@PathVariable String tenant, @RequestParam Map<String, String> parameters) {
        TenantId id;
        try {
            id = TenantId.of(UUID.fromString(tenant));
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("Card setup", tenant);
        }
        String next = autoTopUps.cardSetupReturned(id, new LinkedHashMap<>(parameters));
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(next)).build();
    }

    private static AutoTopUpView view(AutoTopUp a, Tenant tenant) {
        return AutoTopUpView.of(a);
    }

    private Tenant tenant(String slug, HttpServletRequest request) {
        request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        return tenants.requireBySlug(slug);
    }
}
