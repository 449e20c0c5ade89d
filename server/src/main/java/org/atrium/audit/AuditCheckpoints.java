package org.atrium.audit;

import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;

/** The signed checkpoints of the audit chain's head. */
public interface AuditCheckpoints {

    /**
     * Signs the chain's current head and publishes it to every sink. Empty when the chain has no rows yet, or when
     * another node already took the hourly checkpoint of this hour.
     */
    java.util.Optional<AuditCheckpoint> checkpoint(String occasion);

    /** The checkpoints recorded, newest first. */
    PageResponse<AuditCheckpoint> list(PageRequest page);

    /** The public key an auditor verifies checkpoints with. */
    SigningKey publicKey();

    /**
     * The public half of the checkpoint signing key.
     *
     * @param algorithm    {@code Ed25519}
     * @param keyId        first 16 hex digits of the SHA-256 of {@code rawHex}'s bytes
     * @param spkiBase64   the X.509 SubjectPublicKeyInfo (DER), base64: what Java's {@code X509EncodedKeySpec}
     *                     takes
     * @param pem          the same as PEM: what {@code openssl pkeyutl -pubin} takes
     * @param rawHex       the raw 32-byte public key in hex (RFC 8032), for libsodium or Python's cryptography
     * @param signedFormat what is signed, as a template
     */
    record SigningKey(String algorithm, String keyId, String spkiBase64, String pem, String rawHex,
            String signedFormat) {
    }
}
