package org.atrium.identity.internal;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A browser-login account of either realm, as the login steps need it.
 *
 * @param tenantId     the tenant of a tenant user; null for staff
 * @param passwordHash null for a tenant user who has not set a password yet (invited, or a new tenant's admin)
 * @param totpSecret   the TOTP secret sealed by {@code Secrets}, null when no second factor is enrolled
 */
record Account(Realm realm, UUID id, @Nullable UUID tenantId, String email, String name, String role,
        @Nullable String passwordHash, boolean active, int failedAttempts, @Nullable Instant lockedUntil,
        @Nullable Instant lastFailedAt, @Nullable String totpSecret, @Nullable Long totpLastStep) {

    boolean hasSecondFactor() {
        return totpSecret != null;
    }

    /** The context a TOTP secret is sealed for: a secret copied into another row does not open. */
    String totpContext() {
        return realm.code() + ":" + id + ":totp";
    }
}
