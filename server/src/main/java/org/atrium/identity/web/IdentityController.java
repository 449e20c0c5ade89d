package org.atrium.identity.web;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.atrium.identity.ApiKeyView;
import org.atrium.identity.IssuedApiKey;
import org.atrium.identity.PlatformApiKeys;
import org.atrium.identity.StaffAccounts;
import org.atrium.identity.StaffRole;
import org.atrium.identity.StaffUser;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Staff and API keys")
@PreAuthorize("hasAuthority('staff.manage')")
class IdentityController {

    private final PlatformApiKeys keys;
    private final StaffAccounts staff;

    IdentityController(PlatformApiKeys keys, StaffAccounts staff) {
        this.keys = keys;
        this.staff = staff;
    }

    record NewApiKey(@NotBlank @Size(max = 100) String name, @NotEmpty Set<String> permissions, Instant expiresAt) {
    }

    record NewStaffUser(@NotBlank String email, @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(min = 12, max = 200) String password, @NotBlank String role) {
    }

    record PasswordReset(@NotBlank @Size(min = 12, max = 200) String password) {
    }

    @GetMapping("/api-keys")
    PageResponse<ApiKeyView> listKeys(@RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        PageRequest paging = PageRequest.of(page, size);
        return paging.slice(keys.list());
    }

    @PostMapping("/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    IssuedApiKey issue(@Valid @RequestBody NewApiKey request, Authentication authentication) {
        return keys.issue(request.name(), request.permissions(), request.expiresAt(), held(authentication));
    }

    @PostMapping("/api-keys/{id}/revoke")
    ApiKeyView revoke(@PathVariable UUID id, Authentication authentication) {
        return keys.revoke(id, held(authentication));
    }

    @GetMapping("/staff")
    PageResponse<StaffUser> listStaff(@RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        PageRequest paging = PageRequest.of(page, size);
        return paging.slice(staff.list());
    }

    @PostMapping("/staff")
    @ResponseStatus(HttpStatus.CREATED)
    StaffUser createStaff(@Valid @RequestBody NewStaffUser request, Authentication authentication) {
        StaffRole role;
        try {
            role = StaffRole.fromCode(request.role());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("role", "must be one of super_admin, support, billing, analyst");
        }
        requireHolds(held(authentication), role, "create");
        return staff.create(request.email(), request.name(), request.password(), role);
    }

    @PostMapping("/staff/{id}/reset-password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void resetPassword(@PathVariable UUID id, @Valid @RequestBody PasswordReset request,
            Authentication authentication) {
        StaffUser user = staff.find(id).orElseThrow(() -> ProblemException.notFound("Staff user", id.toString()));
        requireHolds(held(authentication), user.role(), "reset the password of");
        staff.resetPassword(id, request.password());
    }

    /**
     * Whoever creates a staff member, or sets their password, could sign in as them: so, as with API keys, only
     * for a role whose permissions they hold themselves.
     */
    private static void requireHolds(Set<String> held, StaffRole role, String action) {
        Set<String> lacking = new java.util.TreeSet<>(role.permissions());
        lacking.removeAll(held);
        if (!lacking.isEmpty()) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden",
                    "You cannot %s a %s, who holds permissions you do not: %s".formatted(action, role.code(),
                            String.join(", ", lacking)),
                    java.util.Map.of("permissions", lacking));
        }
    }

    private static Set<String> held(Authentication authentication) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
    }
}
