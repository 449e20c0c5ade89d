package org.atrium.identity.internal;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A sign-in half done: the password was right, the second factor (or its enrolment) is still to come. Valid for a
 * few minutes; nothing is granted until it is completed.
 *
 * @param enrolSecret the sealed secret offered for enrolment, when the account must enrol before it may go on
 */
record PendingLogin(UUID accountId, @Nullable UUID tenantId, Instant passwordCheckedAt, boolean mustEnrol,
        @Nullable String enrolSecret) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    PendingLogin withEnrolSecret(String sealed) {
        return new PendingLogin(accountId, tenantId, passwordCheckedAt, mustEnrol, sealed);
    }
}
