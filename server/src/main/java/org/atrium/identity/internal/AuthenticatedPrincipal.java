package org.atrium.identity.internal;

import java.util.Set;

import org.atrium.platform.Actor;

/** The principal of an authenticated API request: who it is, and what it may do. */
record AuthenticatedPrincipal(Actor actor, Set<String> permissions) implements Actor.Principal {

    @Override
    public String toString() {
        return actor.type().code() + ":" + actor.id();
    }
}
