package org.atrium.identity.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.atrium.platform.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What a new password must be: 12 to 128 characters, not the account's email, and not one of the 100,000 most
 * common passwords of breaches (the bundled list, {@code identity/common-passwords.txt.gz}), compared without case.
 * Only the list's entries long enough to pass the length rule are kept in memory: a shorter one is refused anyway.
 */
@Component
class PasswordPolicy {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 128;
    private static final String LIST = "/identity/common-passwords.txt.gz";

    private final Set<String> common;
    private final int listSize;

    PasswordPolicy() {
        Set<String> kept = new HashSet<>();
        int read = 0;
        try (InputStream raw = PasswordPolicy.class.getResourceAsStream(LIST)) {
            if (raw == null) {
                throw new IllegalStateException("The common password list " + LIST + " is missing");
            }
            BufferedReader lines = new BufferedReader(
                    new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                read++;
                if (line.codePointCount(0, line.length()) >= MIN_LENGTH) {
                    kept.add(line.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.common = Set.copyOf(kept);
        this.listSize = read;
    }

    /** How many passwords the bundled list holds. */
    int listSize() {
        return listSize;
    }

    /** Refuses a password that breaks a rule, with a 400 naming the field {@code password}. */
    void check(@Nullable String password, @Nullable String email) {
        String problem = problem(password, email);
        if (problem != null) {
            throw ProblemException.invalidField("password", problem);
        }
    }

    /** What is wrong with a password, or null when nothing is. */
    @Nullable
    String problem(@Nullable String password, @Nullable String email) {
        if (password == null || password.isEmpty()) {
            return "is required";
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return "must be at least " + MIN_LENGTH + " characters";
        }
        if (length > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (common.contains(lower)) {
            return "is one of the most common passwords of known breaches; choose another";
        }
        if (email != null && lower.equals(email.trim().toLowerCase(Locale.ROOT))) {
            return "must not be your email address";
        }
        return null;
    }
}
