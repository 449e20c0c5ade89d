package org.atrium.developer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's API keys. The caller is the current request's principal: staff may grant any scope; a tenant key may
 * grant (and revoke) only scopes it holds itself.
 */
public interface TenantApiKeys {

    Duration MAX_OVERLAP = Duration.ofDays(7);

    /** Issues a key; the secret is in the answer and nowhere else. 400 for unknown scopes or a past expiry. */
    IssuedTenantApiKey issue(String slug, String name, Set<String> scopes, @Nullable Instant expiresAt);

    List<TenantApiKey> list(String slug);

    /**
     * Issues a successor with the same name, scopes and expiry; the old key stays valid for {@code overlap} (0 to 7
     * days) and is then refused. An overlap of zero revokes it at once.
     */
    IssuedTenantApiKey rotate(String slug, UUID id, Duration overlap);

    /** Revokes a key: refused on this node at once and on every other within a second. Repeating it is harmless. */
    TenantApiKey revoke(String slug, UUID id);
}
