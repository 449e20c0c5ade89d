package org.atrium.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The signed-in staff member as the HQ's pages show them: who they are, what their role lets them do, and where
 * they are signed in. The pages use it to decide which actions to offer (the server checks again on every action).
 */
public interface StaffConsole {

    /** One signed-in browser of the staff member. */
    record SignedIn(String device, String address, Instant signedInAt, Instant lastSeen, boolean current) {
    }

    /** The staff member behind the current request. */
    record Me(String name, String email, StaffRole role, Set<String> permissions, boolean twoFactor,
            boolean twoFactorRequired) {

        public boolean may(String permission) {
            return permissions.contains(permission);
        }
    }

    /** The staff member signed in on the current request, if a staff member is. */
    Optional<Me> current();

    /** The browsers the current staff member is signed in on; {@code sessionId} marks the current one. */
    List<SignedIn> sessions(String sessionId);
}
