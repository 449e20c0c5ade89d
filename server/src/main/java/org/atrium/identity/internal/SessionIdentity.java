package org.atrium.identity.internal;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Who a browser session is signed in as, kept in the session (in PostgreSQL, so every node reads the same). Only
 * ids: the account's role and state are read again on every request, so a role change or a deactivation takes
 * effect at once.
 *
 * @param tenantId        the tenant a tenant user's session is bound to; null for staff
 * @param signedInAt      when the password (and second factor) were checked: the absolute session limit counts
 *                        from here
 * @param impersonationId set when a staff member opened this portal session as the tenant's user
 */
record SessionIdentity(Realm realm, UUID accountId, @Nullable UUID tenantId, Instant signedInAt,
        @Nullable UUID impersonationId) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
}
