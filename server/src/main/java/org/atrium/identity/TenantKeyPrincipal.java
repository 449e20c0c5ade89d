package org.atrium.identity;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.atrium.platform.Actor;
import org.atrium.platform.TenantId;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The principal of a request made with a tenant API key: the key, its tenant, and its scopes
 * ({@code invoices:read} …). Scopes are its authorities; they never coincide with a platform permission, so a tenant
 * key passes a platform permission check only where the developer module's route rules grant it for one request.
 */
public record TenantKeyPrincipal(Actor actor, UUID keyId, TenantId tenant, String slug, Set<String> scopes,
        List<SimpleGrantedAuthority> authorities) implements Actor.Principal {

    public TenantKeyPrincipal(UUID keyId, String name, TenantId tenant, String slug, Set<String> scopes) {
        this(new Actor(Actor.Type.TENANT_API_KEY, keyId.toString(), name), keyId, tenant, slug, Set.copyOf(scopes),
                scopes.stream().sorted().map(SimpleGrantedAuthority::new).toList());
    }

    @Override
    public String toString() {
        return "tenant_api_key:" + keyId;
    }
}
