package org.atrium.identity.internal;

import java.util.UUID;

import org.atrium.identity.Impersonations;
import org.atrium.identity.TenantUser;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The platform's view of a tenant's team: its users, a credential reset that only sends the user a link, and
 * impersonations. Beside the package-private services it calls, as the sign-in pages are.
 */
@RestController
@RequestMapping("/api/v1/tenants/{slug}")
@Tag(name = "Tenant users and impersonation")
class TenantAccessController {

    private final Tenants tenants;
    private final TenantUsers users;
    private final Impersonations impersonations;
    private final FirstAdmins firstAdmins;

    TenantAccessController(Tenants tenants, TenantUsers users, Impersonations impersonations,
            FirstAdmins firstAdmins) {
        this.tenants = tenants;
        this.users = users;
        this.impersonations = impersonations;
        this.firstAdmins = firstAdmins;
    }

    record FirstAdmin(@NotBlank @Size(max = 320) String email) {
    }

    /** An invitation as the API shows it (never its token). */
    record InvitationView(UUID id, String email, String role, String invitedBy, java.time.Instant createdAt,
            java.time.Instant expiresAt) {
    }

    /** @param userId the tenant admin to act as; the tenant's first active admin when absent */
    record NewImpersonation(@NotBlank @Size(max = 500) String reason, @NotNull @Min(1) @Max(30) Integer minutes,
            @org.jspecify.annotations.Nullable UUID userId) {
    }

    @GetMapping("/users")
    @PreAuthorize("hasAuthority('tenants.read')")
    PageResponse<TenantUser> list(@PathVariable String slug, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return PageRequest.of(page, size).slice(users.list(tenants.requireBySlug(slug).id()));
    }

    /** Sends the user a single-use link (30 minutes) to choose a new password; nobody else sees one. */
    @PostMapping("/users/{id}/credential-reset")
    @PreAuthorize("hasAuthority('tenants.manage')")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void credentialReset(@PathVariable String slug, @PathVariable UUID id) {
        users.sendCredentialReset(tenants.requireBySlug(slug).id(), id);
    }

    /**
     * Invites a first admin for a tenant that has none (created before tenant users existed, or without an admin
     * email): the invitation mail carries a single-use link, valid 7 days, to join and choose a password. 409 when
     * the tenant has an active admin or an open admin invitation.
     */
    @PostMapping("/users/first-admin")
    @PreAuthorize("hasAuthority('tenants.manage')")
    @ResponseStatus(HttpStatus.CREATED)
    InvitationView inviteFirstAdmin(@PathVariable String slug, @Valid @RequestBody FirstAdmin request) {
        TenantUsers.Invitation i = firstAdmins.invite(tenants.requireBySlug(slug).id(), request.email());
        return new InvitationView(i.id(), i.email(), i.role().code(), i.invitedBy(), i.createdAt(), i.expiresAt());
    }

    @PostMapping("/impersonations")
    @PreAuthorize("hasAuthority('tenants.impersonate')")
    @ResponseStatus(HttpStatus.CREATED)
    Impersonations.Started start(@PathVariable String slug, @Valid @RequestBody NewImpersonation request) {
        return impersonations.start(slug, request.userId(), request.reason(), request.minutes(), null);
    }

    @GetMapping("/impersonations")
    @PreAuthorize("hasAuthority('tenants.read')")
    PageResponse<Impersonations.View> impersonations(@PathVariable String slug,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return PageRequest.of(page, size).slice(impersonations.list(tenants.requireBySlug(slug).id()));
    }

    @PostMapping("/impersonations/{id}/end")
    @PreAuthorize("hasAuthority('tenants.impersonate')")
    Impersonations.View end(@PathVariable String slug, @PathVariable UUID id) {
        Tenant tenant = tenants.requireBySlug(slug);
        return impersonations.end(tenant.id(), id, "ended")
                .orElseThrow(() -> ProblemException.notFound("Impersonation", id.toString()));
    }
}
