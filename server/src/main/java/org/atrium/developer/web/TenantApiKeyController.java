package org.atrium.developer.web;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;

import org.atrium.developer.IssuedTenantApiKey;
import org.atrium.developer.TenantApiKey;
import org.atrium.developer.TenantApiKeys;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** A tenant's API keys, for staff ({@code tenants.manage}) and for the tenant's own keys with {@code api-keys:*}. */
@RestController
@Tag(name = "Tenant API keys")
class TenantApiKeyController {

    private final TenantApiKeys keys;

    TenantApiKeyController(TenantApiKeys keys) {
        this.keys = keys;
    }

    /**
     * @param scopes    {@code <resource>:read} / {@code <resource>:write}
     * @param expiresAt optional; the key is refused from then on
     */
    record NewKey(String name, Set<String> scopes, @Nullable Instant expiresAt) {
    }

    /** @param overlap how long the old key stays valid, an ISO-8601 duration from {@code PT0S} to {@code P7D} */
    record Rotation(@Nullable String overlap) {
    }

    @GetMapping("/api/v1/tenants/{slug}/api-keys")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'tenants.manage', 'api-keys:read')")
    @Operation(summary = "List a tenant's API keys (never their secrets)")
    PageResponse<TenantApiKey> list(@PathVariable String slug, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return PageRequest.of(page, size).slice(keys.list(slug));
    }

    @PostMapping("/api/v1/tenants/{slug}/api-keys")
    @PreAuthorize("hasAnyAuthority('tenants.manage', 'api-keys:write')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue a tenant API key; its secret is in this answer only")
    IssuedTenantApiKey issue(@PathVariable String slug, @RequestBody NewKey request) {
        return keys.issue(slug, request.name(), request.scopes(), request.expiresAt());
    }

    @PostMapping("/api/v1/tenants/{slug}/api-keys/{id}/rotate")
    @PreAuthorize("hasAnyAuthority('tenants.manage', 'api-keys:write')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue a successor; the old key stays valid for the overlap (PT0S to P7D, default P1D)")
    IssuedTenantApiKey rotate(@PathVariable String slug, @PathVariable UUID id,
            @RequestBody(required = false) @Nullable Rotation request) {
        String overlap = request == null || request.overlap() == null ? "P1D" : request.overlap();
        Duration duration;
        try {
            duration = Duration.parse(overlap);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField("overlap", "must be an ISO-8601 duration such as PT1H or P7D");
        }
        return keys.rotate(slug, id, duration);
    }

    @PostMapping("/api/v1/tenants/{slug}/api-keys/{id}/revoke")
    @PreAuthorize("hasAnyAuthority('tenants.manage', 'api-keys:write')")
    @Operation(summary = "Revoke a tenant API key, on every node within a second")
    TenantApiKey revoke(@PathVariable String slug, @PathVariable UUID id) {
        return keys.revoke(slug, id);
    }
}
