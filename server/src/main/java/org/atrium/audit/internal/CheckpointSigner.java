package org.atrium.audit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

import org.atrium.audit.AuditCheckpoint;
import org.atrium.audit.AuditCheckpoints.SigningKey;

/**
 * The Ed25519 key that signs audit checkpoints, with the JDK's own provider (Java 15+): from
 * {@code ATRIUM_AUDIT_SIGNING_KEY} (base64 PKCS#8, or PEM) when set, else from a key file in the data directory
 * (PEM PKCS#8, mode 0600), generated there on first start.
 */
final class CheckpointSigner {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CheckpointSigner.class);

    /** DER of the PKCS#8 header of an Ed25519 private key (RFC 8410), before its 32-byte seed. */
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    /** DER of the X.509 SubjectPublicKeyInfo header of an Ed25519 public key, before its 32 bytes. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final byte[] rawPublicKey;
    private final String keyId;

    private CheckpointSigner(byte[] seed) {
        try {
            this.privateKey = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
            this.publicKey = derivePublicKey(seed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot load the audit signing key", e);
        }
        byte[] spki = publicKey.getEncoded();
        this.rawPublicKey = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        this.keyId = HexFormat.of().formatHex(sha256(rawPublicKey)).substring(0, 16);
        byte[] probe = "atrium-audit-key-check".getBytes(StandardCharsets.UTF_8);
        if (!verify(publicKey, probe, sign(probe))) {
            throw new IllegalStateException("The audit signing key's public half could not be derived");
        }
    }

    /** From a base64 PKCS#8 (or PEM) key as {@code ATRIUM_AUDIT_SIGNING_KEY} gives it. */
    static CheckpointSigner fromEncoded(String encoded) {
        return new CheckpointSigner(seedOf(encoded));
    }

    /** From the key file, creating it with a fresh key (mode 0600) when it does not exist. */
    static CheckpointSigner fromFile(Path file) {
        try {
            if (Files.exists(file)) {
                warnIfReadableByOthers(file);
                return new CheckpointSigner(seedOf(Files.readString(file, StandardCharsets.US_ASCII)));
            }
            byte[] seed = new byte[32];
            new SecureRandom().nextBytes(seed);
            Files.createDirectories(file.toAbsolutePath().getParent());
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getEncoder().encodeToString(concat(PKCS8_PREFIX, seed)) + "\n-----END PRIVATE KEY-----\n";
            createPrivately(file);
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
            return new CheckpointSigner(seed);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read or create the audit signing key " + file, e);
        }
    }

    /** A fresh key in memory (tests). */
    static CheckpointSigner generate() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return new CheckpointSigner(seed);
    }

    String keyId() {
        return keyId;
    }

    byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign an audit checkpoint", e);
        }
    }

    /** Whether the checkpoint's signature is this key's over its signed bytes. */
    boolean verifies(AuditCheckpoint checkpoint) {
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(checkpoint.signature());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return verify(publicKey, checkpoint.signedBytes(), signature);
    }

    SigningKey publicKey() {
        String spki = Base64.getEncoder().encodeToString(publicKey.getEncoded());
        return new SigningKey("Ed25519", keyId, spki,
                "-----BEGIN PUBLIC KEY-----\n" + spki + "\n-----END PUBLIC KEY-----\n",
                HexFormat.of().formatHex(rawPublicKey), AuditCheckpoint.SIGNED_PREFIX + "<sequence>|<hash>|<at>");
    }

    static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** An Ed25519 public key from its X.509 encoding (base64), as an auditor would load it. */
    static PublicKey publicKeyOf(String spkiBase64) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(spkiBase64)));
    }

    private static byte[] seedOf(String encoded) {
        String base64 = encoded.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The audit signing key is not base64 PKCS#8: " + e.getMessage());
        }
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            return ((EdECPrivateKey) key).getBytes()
                    .orElseThrow(() -> new IllegalStateException("The audit signing key has no private bytes"));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("The audit signing key is not an Ed25519 PKCS#8 key", e);
        }
    }

    /**
     * The JDK (17) has no API that derives an EdDSA public key from a private one, but its key pair generator
     * takes the private key's 32 bytes from the random source it is given and computes the public key from them.
     * Fed the seed, it yields the pair of that seed; the constructor checks the result by a signature.
     */
    private static PublicKey derivePublicKey(byte[] seed) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                if (bytes.length != seed.length) {
                    throw new IllegalStateException("Unexpected request for " + bytes.length + " random bytes");
                }
                System.arraycopy(seed, 0, bytes, 0, seed.length);
            }
        });
        KeyPair pair = generator.generateKeyPair();
        byte[] generated = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
        if (!Arrays.equals(generated, seed)) {
            throw new IllegalStateException("The JDK did not derive the key pair from the given seed");
        }
        byte[] spki = pair.getPublic().getEncoded();
        if (spki.length != SPKI_PREFIX.length + 32) {
            throw new IllegalStateException("Unexpected Ed25519 public key encoding");
        }
        return pair.getPublic();
    }

    private static void warnIfReadableByOthers(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                log.warn("The audit signing key {} is accessible to others ({}); it should be mode 0600", file,
                        PosixFilePermissions.toString(permissions));
            }
        }
    }

    private static void createPrivately(Path file) throws IOException {
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions
                        .asFileAttribute(PosixFilePermissions.fromString("rw-------"));
                Files.createFile(file, ownerOnly);
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException("The audit signing key appeared while it was being created: " + file, e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
