package org.atrium.developer.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * Tenant key secrets: {@code atr_live_} (or {@code atr_test_} in a sandbox) + 32 random base62 characters (190
 * bits) + 6 base62 characters of the CRC-32 of everything before them. The checksum lets a secret scanner, or a
 * person, tell a real key from a typo or a look-alike offline; it is not a secret. Only the SHA-256 is stored: a
 * high-entropy key needs no slow hash, and one index lookup authenticates a request.
 */
final class TenantKeySecrets {

    public static final String LIVE = "atr_live_";
    public static final String TEST = "atr_test_";
    static final int RANDOM_CHARS = 32;
    static final int CHECKSUM_CHARS = 6;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TenantKeySecrets() {
    }

    public static String generate(boolean sandbox) {
        StringBuilder key = new StringBuilder(sandbox ? TEST : LIVE);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            key.append(BASE62.charAt(RANDOM.nextInt(62)));
        }
        return key.append(checksum(key)).toString();
    }

    public static boolean hasPrefix(String secret) {
        return secret.startsWith(LIVE) || secret.startsWith(TEST);
    }

    /** Prefix, length, alphabet and checksum right: what can be told without the database. */
    public static boolean wellFormed(String secret) {
        if (!hasPrefix(secret) || secret.length() != LIVE.length() + RANDOM_CHARS + CHECKSUM_CHARS) {
            return false;
        }
        for (int i = LIVE.length(); i < secret.length(); i++) {
            if (BASE62.indexOf(secret.charAt(i)) < 0) {
                return false;
            }
        }
        int split = secret.length() - CHECKSUM_CHARS;
        return checksum(secret.substring(0, split)).equals(secret.substring(split));
    }

    static String checksum(CharSequence body) {
        CRC32 crc = new CRC32();
        crc.update(body.toString().getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_CHARS];
        for (int i = CHECKSUM_CHARS - 1; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(out);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String displayPrefix(String secret) {
        return secret.substring(0, LIVE.length() + 6);
    }
}
