package org.atrium.identity;

import java.util.Optional;

/**
 * Authenticates tenant API keys, which another module owns. The API's authentication filter hands a bearer secret
 * to the resolver whose {@link #handles} accepts its prefix, so identity knows nothing of how tenant keys are stored.
 */
public interface TenantKeyResolver {

    /** Whether the secret has one of this resolver's prefixes (a cheap test, no lookup). */
    boolean handles(String secret);

    /** The principal for a valid, unexpired, unrevoked key of a tenant that exists; empty otherwise (401). */
    Optional<TenantKeyPrincipal> resolve(String secret, String clientAddress);
}
