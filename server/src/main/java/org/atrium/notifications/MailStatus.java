package org.atrium.notifications;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a mail is on its way out. */
public enum MailStatus {

    /** Waiting for its first attempt, or for a retry after a failed one. */
    PENDING,

    /** Accepted by the SMTP server. */
    SENT,

    /** Kept in the mail outbox instead of being sent, because no SMTP server is configured. */
    CAPTURED,

    /** Every attempt failed; the last error says why. */
    FAILED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status with this code; refuses an unknown one and names the known ones. */
    public static MailStatus fromCode(String code) {
        for (MailStatus status : values()) {
            if (status.code().equals(code)) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown mail status '%s'; known: %s".formatted(code,
                Arrays.stream(values()).map(MailStatus::code).collect(Collectors.joining(", "))));
    }
}
