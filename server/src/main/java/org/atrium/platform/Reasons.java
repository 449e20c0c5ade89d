package org.atrium.platform;

import org.jspecify.annotations.Nullable;

/**
 * The one rule for the reason a person gives for a change made by hand (a suspension, a cancellation, a refund):
 * required, at most {@value #MAX_LENGTH} characters, kept without surrounding whitespace.
 */
public final class Reasons {

    public static final int MAX_LENGTH = TextLimits.REASON;
    /** The message of a missing or too long reason. */
    public static final String REQUIRED = "is required, at most " + MAX_LENGTH + " characters";

    private Reasons() {
    }

    /** The reason without surrounding whitespace, or a 400 naming the field {@code reason}. */
    public static String require(@Nullable String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > MAX_LENGTH) {
            throw ProblemException.invalidField("reason", REQUIRED);
        }
        return why;
    }
}
