package org.atrium.tenancy.web;


import org.atrium.platform.Actor;
import org.atrium.platform.web.RequestLogging;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.TenantAdministration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Self-service signup for prospects: no credentials, a trial tenant created exactly as staff would create it. A
 * tenant-facing write, so maintenance mode refuses it.
 */
@RestController
@Tag(name = "Public")
class SignupController {

    private final TenantAdministration tenants;
    SignupController(TenantAdministration tenants) {
        this.tenants = tenants;
    }

    record Signup(@Nullable String slug, @Nullable String name, @Nullable String plan, @Nullable String email) {
    }

    /** What a prospect sees of the tenant it created: no internal ids, no settings. */
    record SignedUp(String slug, String name, String status, String plan) {
    }

    @PostMapping("/api/v1/public/signup")
    @Operation(summary = "Start a trial: creates a tenant on the chosen plan (default free); no authentication")
    @ApiResponse(responseCode = "201", description = "Signed up: the tenant is on a trial")
    ResponseEntity<SignedUp> signUp(@RequestBody Signup signup, HttpServletRequest request) {
        Tenant tenant = Actor.callAs(Actor.PUBLIC_SIGNUP, () -> tenants.signUp(signup.slug(), signup.name(), signup.plan(),
                null, signup.email(), request.getRemoteAddr()));
        request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, tenant.slug());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new SignedUp(tenant.slug(), tenant.name(), tenant.effectiveStatus().code(), tenant.plan()));
    }
}
