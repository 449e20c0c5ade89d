package org.atrium.identity;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Platform staff accounts: creation, listing and credential resets by another staff member. */
public interface StaffAccounts {

    /** Creates an account; the password must pass the password policy. */
    StaffUser create(String email, String name, String password, StaffRole role);

    List<StaffUser> list();

    Optional<StaffUser> find(UUID id);

    boolean anyExists();

    /** Sets a new password; every browser session of the account ends and its remembered devices are forgotten. */
    void resetPassword(UUID id, String newPassword);
}
