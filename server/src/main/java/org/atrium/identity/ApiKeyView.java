package org.atrium.identity;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A platform API key as it is shown after creation: never the secret, only its prefix. */
public record ApiKeyView(UUID id, String name, String prefix, Set<String> permissions, String createdBy,
        Instant createdAt, @Nullable Instant lastUsedAt, @Nullable Instant expiresAt, @Nullable Instant revokedAt) {
}
