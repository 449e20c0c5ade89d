package org.atrium.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * Staff acting in a tenant's portal as one of its admins: for at most {@link #MAX_DURATION}, with a reason, audited
 * at start and end. The start hands out a single-use link that opens the portal session; the session carries both
 * identities ({@link ImpersonationContext}), and it ends on demand, at expiry, or when the staff member's HQ session
 * (if it was started from one) ends.
 */
public interface Impersonations {

    Duration MAX_DURATION = Duration.ofMinutes(30);

    /**
     * Starts an impersonation of a tenant admin: {@code userId} when given (an active admin of this tenant; anyone
     * else is 404), otherwise the tenant's first active admin. Only a staff member may (not an API key: it is a
     * person who acts), and not from inside another impersonation.
     *
     * @param staffSessionId the HQ session it is started from, which ends it when it ends; null from the API
     */
    Started start(String slug, @Nullable UUID userId, String reason, int minutes, @Nullable String staffSessionId);

    /** Ends an impersonation (once: ending an ended one changes nothing). */
    Optional<View> end(TenantId tenant, UUID id, String reason);

    /** The tenant's impersonations, newest first. */
    List<View> list(TenantId tenant);

    Optional<View> find(TenantId tenant, UUID id);

    /** An impersonation as staff and the tenant's admins see it. */
    record View(UUID id, String staffEmail, String userEmail, String reason, Instant startedAt, Instant expiresAt,
            @Nullable Instant openedAt, @Nullable Instant endedAt, @Nullable String endReason) {
    }

    /** A started impersonation and the one-time path that opens it (shown once). */
    record Started(View impersonation, String openPath) {
    }
}
