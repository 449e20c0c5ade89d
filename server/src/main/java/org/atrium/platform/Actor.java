package org.atrium.platform;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who did something: a staff user, a platform API key, a tenant user, a tenant API key, or the system itself (scheduled runs).
 */
public record Actor(Type type, String id, String display) {

    public enum Type {
        STAFF, API_KEY, TENANT_USER, TENANT_API_KEY, SYSTEM;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final Actor SYSTEM = new Actor(Type.SYSTEM, "system", "system");
    /** Who the audit log names for a self-service signup: nobody has signed in, the platform acts for the public. */
    public static final Actor PUBLIC_SIGNUP = new Actor(Type.SYSTEM, "public-signup", "public signup");

    private static final ThreadLocal<Actor> ACTING = new ThreadLocal<>();

    public Actor {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }

    /** The principal of an authenticated request that knows which actor it stands for. */
    public interface Principal {
        Actor actor();

        /** Whom the actor acts for, when that is someone else (a staff member impersonating a tenant user). */
        default @org.jspecify.annotations.Nullable Actor onBehalfOf() {
            return null;
        }
    }

    /** Whom the current request's actor acts for, when that is someone else. */
    public static Optional<Actor> currentOnBehalfOf() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof Principal principal) {
            return Optional.ofNullable(principal.onBehalfOf());
        }
        return Optional.empty();
    }

    /** The actor of the current request, or {@link #SYSTEM} outside one. */
    public static Actor current() {
        Actor acting = ACTING.get();
        if (acting != null) {
            return acting;
        }
        return currentIfAuthenticated().orElse(SYSTEM);
    }

    /**
     * Does work on behalf of an actor that presents no credentials (a prospect signing up), so that what it records
     * names that actor rather than the system. Grants no permission: authorization still sees the real request.
     */
    public static <T> T callAs(Actor actor, Supplier<T> work) {
        Actor previous = ACTING.get();
        ACTING.set(actor);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                ACTING.remove();
            } else {
                ACTING.set(previous);
            }
        }
    }

    public static Optional<Actor> currentIfAuthenticated() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof Principal principal) {
            return Optional.of(principal.actor());
        }
        return Optional.empty();
    }
}
