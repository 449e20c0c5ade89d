package org.atrium.payments.web;

import org.atrium.payments.PaymentSettings;
import org.atrium.payments.TenantPaymentSettings;
import org.atrium.platform.ProblemException;
import org.atrium.platform.web.RequestLogging;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

@RestController
@Tag(name = "Payment settings")
class PaymentSettingsController {

    private final TenantPaymentSettings settings;
    private final Tenants tenants;

    PaymentSettingsController(TenantPaymentSettings settings, Tenants tenants) {
        this.settings = settings;
        this.tenants = tenants;
    }

    @GetMapping("/api/v1/tenants/{slug}/payment-settings")
    @PreAuthorize("hasAuthority('saas.billing.admin')")
    @Operation(summary = "The tenant's own gateway credentials: secrets only by their last four characters")
    PaymentSettings get(@PathVariable String slug, HttpServletRequest request) {
        return settings.get(tenant(slug, request).id());
    }

    @PutMapping("/api/v1/tenants/{slug}/payment-settings")
    @PreAuthorize("hasAuthority('saas.billing.admin')")
    @Operation(summary = "Set the tenant's own gateway credentials (a field absent keeps its value, \"\" removes it);"
            + " they override the global ones for that gateway")
    PaymentSettings put(@PathVariable String slug, @RequestBody PaymentSettings.@Nullable Change body,
            HttpServletRequest request) {
        Tenant tenant = tenant(slug, request);
        if (body == null) {
            throw ProblemException.badRequest("validation", "A body with the credentials to set is required");
        }
        return settings.change(tenant.id(), body);
    }

    private Tenant tenant(String slug, HttpServletRequest request) {
        request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        return tenants.requireBySlug(slug);
    }
}
