package org.atrium.developer;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A tenant API key as it is shown after creation: never the secret, only its prefix.
 *
 * @param rotatedTo the key that succeeded this one, once it was rotated
 */
public record TenantApiKey(UUID id, String tenant, String name, String prefix, Set<String> scopes, String createdBy,
        Instant createdAt, @Nullable Instant expiresAt, @Nullable Instant revokedAt, @Nullable Instant lastUsedAt,
        @Nullable String lastUsedFrom, @Nullable UUID rotatedTo) {
}
