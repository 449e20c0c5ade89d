package org.atrium.platform.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;

/**
 * One 256-bit master key as a Tink AES256-GCM key, and its id: the first 8 hex digits of SHA-256 over a fixed label
 * and the key, so the same key always has the same id on every node and the id tells nothing about the key.
 */
record MasterKey(String id, Aead aead) {

    static final int KEY_BYTES = 32;

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Parses {@code ATRIUM_MASTER_KEY}: one or more base64 keys of 32 bytes, separated by commas, primary first. */
    static List<MasterKey> parseAll(String configured) {
        List<MasterKey> keys = new ArrayList<>();
        int position = 0;
        for (String part : configured.split(",")) {
            position++;
            String encoded = part.strip();
            if (encoded.isEmpty()) {
                continue;
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("ATRIUM_MASTER_KEY: key " + position + " is not base64");
            }
            if (bytes.length != KEY_BYTES) {
                throw new IllegalStateException("ATRIUM_MASTER_KEY: key " + position + " has " + bytes.length
                        + " bytes, a master key has 32 (make one with: openssl rand -base64 32)");
            }
            keys.add(of(bytes));
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("ATRIUM_MASTER_KEY holds no key");
        }
        return keys;
    }

    static MasterKey of(byte[] keyBytes) {
        try {
            AesGcmParameters parameters = AesGcmParameters.builder().setKeySizeBytes(KEY_BYTES).setIvSizeBytes(12)
                    .setTagSizeBytes(16).setVariant(AesGcmParameters.Variant.NO_PREFIX).build();
            AesGcmKey key = AesGcmKey.builder().setParameters(parameters)
                    .setKeyBytes(SecretBytes.copyFrom(keyBytes, InsecureSecretKeyAccess.get())).build();
            KeysetHandle handle = KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary()).build();
            return new MasterKey(id(keyBytes), handle.getPrimitive(RegistryConfiguration.get(), Aead.class));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot load a master key", e);
        }
    }

    private static String id(byte[] keyBytes) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("atrium master key id\n".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(keyBytes), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
