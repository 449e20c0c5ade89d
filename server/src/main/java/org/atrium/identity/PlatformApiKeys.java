package org.atrium.identity;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Platform API keys: issued with a subset of the issuer's permissions, shown once, stored as a hash, revocable by
 * whoever holds every permission of the key.
 */
public interface PlatformApiKeys {

    /** Issues a key; the secret is in the result and nowhere else. */
    IssuedApiKey issue(String name, Set<String> permissions, @Nullable Instant expiresAt,
            Set<String> issuerPermissions);

    /** Every key, newest first. */
    List<ApiKeyView> list();

    /**
     * Revokes a key. Only someone who holds every permission of the key may revoke it, as only such a one may issue
     * it: a key manager cannot cut off a more powerful key.
     */
    ApiKeyView revoke(UUID id, Set<String> revokerPermissions);
}
