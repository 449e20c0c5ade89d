package org.atrium.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import org.atrium.audit.AuditCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointSignerTests {

    /** RFC 8032, section 7.1, test 1: the secret key's 32 bytes, wrapped as PKCS#8 (RFC 8410). */
    static final String RFC8032_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    static final String RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    static final String RFC8032_PKCS8 = Base64.getEncoder()
            .encodeToString(HexFormat.of().parseHex("302e020100300506032b657004220420" + RFC8032_SEED));

    @Test
    void derivesThePublicKeyOfAGivenPrivateKeyAsRfc8032Does() {
        CheckpointSigner signer = CheckpointSigner.fromEncoded(RFC8032_PKCS8);
        assertThat(signer.publicKey().rawHex()).isEqualTo(RFC8032_PUBLIC);
        // The RFC's signature of the empty message.
        assertThat(HexFormat.of().formatHex(signer.sign(new byte[0]))).isEqualTo(
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        assertThat(signer.publicKey().spkiBase64()).isEqualTo(Base64.getEncoder()
                .encodeToString(HexFormat.of().parseHex("302a300506032b6570032100" + RFC8032_PUBLIC)));
        // The same key given as PEM.
        assertThat(CheckpointSigner.fromEncoded("-----BEGIN PRIVATE KEY-----\n" + RFC8032_PKCS8
                + "\n-----END PRIVATE KEY-----\n").keyId()).isEqualTo(signer.keyId());
    }

    @Test
    void signsExactlyTheDocumentedBytes() {
        CheckpointSigner signer = CheckpointSigner.fromEncoded(RFC8032_PKCS8);
        Instant at = Instant.parse("2026-12-01T21:00:00Z");
        byte[] message = AuditCheckpoint.signedBytes(42, "abc", at);
        assertThat(new String(message, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("atrium-audit-checkpoint|v1|42|abc|2026-12-01T21:00:00Z");
        // Computed by another implementation (OpenSSL, through Python's cryptography package) with the same key.
        assertThat(HexFormat.of().formatHex(signer.sign(message))).isEqualTo(
                "e481fd0896d0d90a5293bd6c08b79e2766e486858e51fcf5181050ae9c86ede9e75bda65d2c27cd23e6d1269737110d629e3991cdb56b66975cbc0b0e5e5020a");
    }

    @Test
    void aCheckpointVerifiesWithThePublishedPublicKeyAndFailsWhenAnythingSignedIsAltered() throws Exception {
        CheckpointSigner signer = CheckpointSigner.generate();
        Instant at = Instant.parse("2026-12-01T22:00:00Z");
        String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        AuditCheckpoint checkpoint = new AuditCheckpoint(120, hash, at, signer.keyId(),
                Base64.getEncoder().encodeToString(signer.sign(AuditCheckpoint.signedBytes(120, hash, at))),
                "hourly");

        // What an auditor does: the public key from its X.509 form, the bytes from the documented format.
        PublicKey key = CheckpointSigner.publicKeyOf(signer.publicKey().spkiBase64());
        assertThat(auditorVerifies(key, "atrium-audit-checkpoint|v1|120|" + hash + "|2026-12-01T22:00:00Z",
                checkpoint.signature())).isTrue();
        assertThat(signer.verifies(checkpoint)).isTrue();

        assertThat(auditorVerifies(key, "atrium-audit-checkpoint|v1|121|" + hash + "|2026-12-01T22:00:00Z",
                checkpoint.signature())).isFalse();
        assertThat(signer.verifies(new AuditCheckpoint(121, hash, at, signer.keyId(), checkpoint.signature(),
                "hourly"))).isFalse();
        assertThat(signer.verifies(new AuditCheckpoint(120, hash.replace('9', '8'), at, signer.keyId(),
                checkpoint.signature(), "hourly"))).isFalse();
        assertThat(signer.verifies(new AuditCheckpoint(120, hash, at.plusSeconds(1), signer.keyId(),
                checkpoint.signature(), "hourly"))).isFalse();
        byte[] flipped = Base64.getDecoder().decode(checkpoint.signature());
        flipped[10] ^= 1;
        assertThat(signer.verifies(new AuditCheckpoint(120, hash, at, signer.keyId(),
                Base64.getEncoder().encodeToString(flipped), "hourly"))).isFalse();
        assertThat(signer.verifies(new AuditCheckpoint(120, hash, at, signer.keyId(), "not base64!", "hourly")))
                .isFalse();
        // Another key does not verify it.
        assertThat(CheckpointSigner.generate().verifies(checkpoint)).isFalse();
    }

    @Test
    void createsTheKeyFileOnFirstUseReadableOnlyByItsOwnerAndReadsItBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data").resolve("audit-signing.key");
        CheckpointSigner created = CheckpointSigner.fromFile(file);
        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(CheckpointSigner.fromFile(file).keyId()).isEqualTo(created.keyId());
        assertThat(CheckpointSigner.fromFile(dir.resolve("other.key")).keyId()).isNotEqualTo(created.keyId());
    }

    @Test
    void refusesAKeyThatIsNotEd25519Pkcs8() {
        assertThatThrownBy(() -> CheckpointSigner.fromEncoded("not base64 at all!"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("base64");
        assertThatThrownBy(() -> CheckpointSigner.fromEncoded(Base64.getEncoder().encodeToString(new byte[40])))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Ed25519");
    }

    private static boolean auditorVerifies(PublicKey key, String message, String signatureBase64) throws Exception {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return verifier.verify(Base64.getDecoder().decode(signatureBase64));
    }
}
