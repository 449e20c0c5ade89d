package org.atrium.identity;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Set while a staff member is using a tenant's portal as one of its users (an impersonation): for the portal's
 * watermark, and for anything that must refuse an impersonated request.
 *
 * @param staffEmail the staff member acting, who is the actor of everything recorded meanwhile
 * @param userEmail  the tenant user acted for ({@code onBehalfOf})
 * @param expiresAt  when the impersonation ends at the latest
 */
public record ImpersonationContext(UUID id, UUID staffId, String staffEmail, UUID userId, String userEmail,
        String reason, Instant expiresAt) {

    /** Implemented by the principal of a portal request; non-empty while impersonating. */
    public interface Holder {
        Optional<ImpersonationContext> impersonation();
    }

    /** The impersonation of the current request, if it is one. */
    public static Optional<ImpersonationContext> current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof Holder holder) {
            return holder.impersonation();
        }
        return Optional.empty();
    }
}
