package org.atrium.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A signed statement of the audit chain's head: at {@code at}, the chain's row {@code sequence} had hash
 * {@code hash}. Kept outside the database (a file, the log, syslog), so that a rewrite of the chain by someone who
 * controls the database, or a removal of its newest rows, disagrees with a checkpoint.
 *
 * @param sequence  the sequence number of the chain's newest row at the time
 * @param hash      that row's hash (hex SHA-256)
 * @param at        when the checkpoint was taken, whole seconds, UTC
 * @param keyId     the first 16 hex digits of the SHA-256 of the signing key's raw 32-byte public key
 * @param signature base64 of the Ed25519 signature over {@link #signedBytes()}
 * @param occasion  {@code hourly}, {@code shutdown} or {@code manual}; not signed
 */
public record AuditCheckpoint(long sequence, String hash, Instant at, String keyId, String signature,
        String occasion) {

    /** The version tag that starts every signed message. */
    public static final String SIGNED_PREFIX = "atrium-audit-checkpoint|v1|";

    /**
     * What is signed: the UTF-8 bytes of {@code atrium-audit-checkpoint|v1|<sequence>|<hash>|<at>}, with the
     * sequence in decimal and {@code at} as written in the checkpoint ({@code 2026-12-01T21:00:00Z}).
     */
    public byte[] signedBytes() {
        return signedBytes(sequence, hash, at);
    }

    public static byte[] signedBytes(long sequence, String hash, Instant at) {
        return (SIGNED_PREFIX + sequence + "|" + hash + "|" + at).getBytes(StandardCharsets.UTF_8);
    }
}
