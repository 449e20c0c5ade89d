package org.atrium.identity.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.atrium.identity.ImpersonationContext;
import org.atrium.identity.PortalUser;
import org.atrium.identity.TenantRole;
import org.atrium.platform.Actor;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The principal of a portal request: a tenant user, bound to its tenant. While impersonating, the actor is the
 * staff member (so that everything recorded names them) and {@code impersonation} names the user acted for.
 */
record TenantPrincipal(Actor actor, TenantId tenant, UUID userId, String email, TenantRole role,
        @Nullable ImpersonationContext impersonationContext, List<SimpleGrantedAuthority> authorities)
        implements Actor.Principal, ImpersonationContext.Holder, PortalUser.Holder {

    static TenantPrincipal of(Account account, @Nullable ImpersonationContext impersonation) {
        TenantRole role = TenantRole.fromCode(account.role());
        Actor actor = impersonation == null
                ? new Actor(Actor.Type.TENANT_USER, account.id().toString(), account.email())
                : new Actor(Actor.Type.STAFF, impersonation.staffId().toString(),
                        impersonation.staffEmail() + " as " + account.email());
        Set<String> permissions = role.permissions();
        return new TenantPrincipal(actor, new TenantId(account.tenantId()), account.id(), account.email(), role,
                impersonation, permissions.stream().map(SimpleGrantedAuthority::new).toList());
    }

    /** While impersonating, the tenant user acted for. */
    @Override
    public @Nullable Actor onBehalfOf() {
        return impersonationContext == null ? null
                : new Actor(Actor.Type.TENANT_USER, userId.toString(), email);
    }

    @Override
    public Optional<ImpersonationContext> impersonation() {
        return Optional.ofNullable(impersonationContext);
    }

    @Override
    public PortalUser portalUser() {
        return new PortalUser(tenant, userId, email, role, impersonationContext);
    }

    boolean may(String permission) {
        return role.permissions().contains(permission);
    }

    @Override
    public String toString() {
        return "tenant_user:" + userId;
    }
}
