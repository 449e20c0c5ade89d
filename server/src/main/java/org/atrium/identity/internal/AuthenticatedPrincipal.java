package org.atrium.identity.internal;

import java.util.List;
import java.util.Set;

import org.atrium.platform.Actor;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The principal of an authenticated API request: who it is, and what it may do ({@code authorities} are the
 * permissions as Spring Security reads them, built once with the principal rather than on every request).
 */
record AuthenticatedPrincipal(Actor actor, Set<String> permissions, List<SimpleGrantedAuthority> authorities)
        implements Actor.Principal {

    AuthenticatedPrincipal(Actor actor, Set<String> permissions) {
        this(actor, permissions, permissions.stream().map(SimpleGrantedAuthority::new).toList());
    }

    @Override
    public String toString() {
        return actor.type().code() + ":" + actor.id();
    }
}
