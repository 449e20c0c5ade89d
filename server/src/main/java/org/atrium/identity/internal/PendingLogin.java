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
 * @param mustEnrol the account has no second factor but needs one: it must enrol before it may go on
 */
record PendingLogin(UUID accountId, @Nullable UUID tenantId, Instant passwordCheckedAt, boolean mustEnrol)
        implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
}
