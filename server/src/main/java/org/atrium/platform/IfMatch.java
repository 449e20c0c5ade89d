package org.atrium.platform;

import org.jspecify.annotations.Nullable;

/** Reads the version a client last saw from an {@code If-Match} header (the ETag is the version in quotes). */
public final class IfMatch {

    private IfMatch() {
    }

    /** The version, or null when the header is absent or {@code *}. */
    public static @Nullable Integer version(@Nullable String header) {
        if (header == null || header.isBlank() || header.equals("*")) {
            return null;
        }
        try {
            return Integer.parseInt(header.trim().replace("W/", "").replace("\"", ""));
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField("If-Match", "must be the version number from the ETag");
        }
    }
}
