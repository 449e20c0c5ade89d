package org.atrium.identity.internal;

import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.spec.SecretKeySpec;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;

/**
 * Time-based one-time passwords (RFC 6238): 30-second steps, one step of clock tolerance either way, and each
 * step's code usable once. The caller keeps the last step used and passes it back, so a code seen by a shoulder
 * surfer, or replayed from a proxy log inside its window, is refused.
 */
final class Totp {

    static final Duration STEP = TimeBasedOneTimePasswordGenerator.DEFAULT_TIME_STEP;
    static final int TOLERANCE_STEPS = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TimeBasedOneTimePasswordGenerator generator;
    private final String algorithm;

    private Totp(int digits, String algorithm) {
        this.generator = new TimeBasedOneTimePasswordGenerator(STEP, digits, algorithm);
        this.algorithm = algorithm;
    }

    /** Six digits, HMAC-SHA1: what every authenticator app reads from an {@code otpauth://} QR code. */
    static Totp standard() {
        return new Totp(6, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);
    }

    /** Any length and HMAC (the RFC's test vectors use 8 digits and SHA-1, SHA-256 and SHA-512). */
    static Totp of(int digits, String algorithm) {
        return new Totp(digits, algorithm);
    }

    /** 160 random bits, the key length RFC 4226 recommends for HMAC-SHA1. */
    static byte[] newSecret() {
        byte[] secret = new byte[20];
        RANDOM.nextBytes(secret);
        return secret;
    }

    static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP.toSeconds());
    }

    /** The code of the step that contains {@code at}, zero-padded to the generator's length. */
    String code(byte[] secret, Instant at) {
        try {
            int value = generator.generateOneTimePassword(new SecretKeySpec(secret, algorithm), at);
            return String.format("%0" + generator.getPasswordLength() + "d", value);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("A TOTP secret is unusable", e);
        }
    }

    /**
     * The step a code belongs to, if it is the code of the current step or of one step either side, and that step
     * is later than {@code lastUsedStep} (null when no code was used yet). Compares in constant time.
     */
    OptionalLong verify(byte[] secret, String code, Instant now, Long lastUsedStep) {
        String presented = code == null ? "" : code.replace(" ", "").trim();
        if (!presented.matches("[0-9]{" + generator.getPasswordLength() + "}")) {
            return OptionalLong.empty();
        }
        long current = step(now);
        OptionalLong matched = OptionalLong.empty();
        for (long s = current - TOLERANCE_STEPS; s <= current + TOLERANCE_STEPS; s++) {
            String expected = code(secret, Instant.ofEpochSecond(s * STEP.toSeconds()));
            if (java.security.MessageDigest.isEqual(expected.getBytes(), presented.getBytes()) && matched.isEmpty()) {
                matched = OptionalLong.of(s);
            }
        }
        if (matched.isPresent() && lastUsedStep != null && matched.getAsLong() <= lastUsedStep) {
            return OptionalLong.empty();
        }
        return matched;
    }
}
