package org.atrium.identity;

import java.util.Optional;
import java.util.UUID;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The tenant user of the current portal request, for the pages of the portal's shell: whose tenant, which role,
 * and the impersonation when staff act as the user. The security chain has already bound the session to the tenant
 * whose portal is asked for.
 */
public record PortalUser(TenantId tenant, UUID userId, String email, TenantRole role,
        @Nullable ImpersonationContext impersonation) {

    /** Implemented by the principal of a portal request. */
    public interface Holder {
        PortalUser portalUser();
    }

    /** Whether the user's role grants a portal permission ({@link TenantRole.TenantPermissions}). */
    public boolean may(String permission) {
        return role.permissions().contains(permission);
    }

    /** The signed-in tenant user of the current request, if it is a portal request with one. */
    public static Optional<PortalUser> current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof Holder holder) {
            return Optional.of(holder.portalUser());
        }
        return Optional.empty();
    }
}
