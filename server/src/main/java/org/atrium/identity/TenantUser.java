package org.atrium.identity;

import java.time.Instant;
import java.util.UUID;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/** A member of a tenant's team, as the portal and the API show them. */
public record TenantUser(TenantId tenant, UUID id, String email, String name, TenantRole role, boolean active,
        boolean passwordSet, boolean twoFactorEnabled, @Nullable Instant lastLoginAt, Instant createdAt) {
}
