package org.atrium.platform.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.crypto.tink.Aead;

/**
 * Encrypts the secrets Atrium stores (gateway keys, TOTP seeds …) with an AEAD under the master key.
 * <p>
 * A sealed value is the text {@code v1:<keyId>:<base64url ciphertext>}: the key id names the master key that sealed
 * it, so several keys can be configured at once while the master key is rotated (the first one seals, every one
 * opens). The {@code context} is authenticated but not stored: it names the row and field a secret belongs to
 * ({@code "tenant:<uuid>:stripe.secret"}), so a ciphertext copied into another row, or another field, does not open.
 * <p>
 * Secrets are never logged: nothing here puts a plaintext into an exception message.
 */
public final class Secrets {

    private static final String VERSION = "v1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final String primaryKeyId;
    private final Map<String, Aead> keys;

    /** @param keys the master keys, the first one seals (see {@link MasterKey}) */
    Secrets(List<MasterKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("At least one master key is needed");
        }
        Map<String, Aead> byId = new LinkedHashMap<>();
        for (MasterKey key : keys) {
            if (byId.put(key.id(), key.aead()) != null) {
                throw new IllegalArgumentException("The master key " + key.id() + " is configured twice");
            }
        }
        this.primaryKeyId = keys.get(0).id();
        this.keys = Map.copyOf(byId);
    }

    /** Encrypts {@code plaintext} under the primary master key, bound to {@code context}. */
    public String seal(String plaintext, String context) {
        try {
            byte[] ciphertext = keys.get(primaryKeyId).encrypt(plaintext.getBytes(StandardCharsets.UTF_8),
                    associatedData(primaryKeyId, context));
            return VERSION + ":" + primaryKeyId + ":" + ENCODER.encodeToString(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal a secret for " + context, e);
        }
    }

    /**
     * Decrypts a value made by {@link #seal}.
     *
     * @throws SecretUnreadable when the value is malformed, was sealed for another context, was altered, or names a
     *                          master key that is not configured
     */
    public String open(String sealed, String context) {
        String[] parts = sealed.split(":", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new SecretUnreadable("The sealed secret for " + context + " is not in the v1 format");
        }
        Aead aead = keys.get(parts[1]);
        if (aead == null) {
            throw new SecretUnreadable("The secret for " + context + " was sealed with master key " + parts[1]
                    + ", which is not configured");
        }
        try {
            byte[] plaintext = aead.decrypt(DECODER.decode(parts[2]), associatedData(parts[1], context));
            return new String(plaintext, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SecretUnreadable("The secret for " + context + " does not open: altered, or sealed for"
                    + " another context");
        }
    }

    /** Whether {@code sealed} was made with a master key other than the primary one (and should be resealed). */
    public boolean needsResealing(String sealed) {
        return !sealed.startsWith(VERSION + ":" + primaryKeyId + ":");
    }

    /** Opens {@code sealed} and seals it again under the primary key; the same value when it already is. */
    public String reseal(String sealed, String context) {
        return needsResealing(sealed) ? seal(open(sealed, context), context) : sealed;
    }

    /** The id of the key that seals. */
    public String primaryKeyId() {
        return primaryKeyId;
    }

    /**
     * What may be shown of a secret: its last four characters, or nothing for a secret shorter than 12 characters
     * (where four would be a third of it).
     */
    public static String lastFour(String secret) {
        return secret.length() < 12 ? "" : secret.substring(secret.length() - 4);
    }

    private static byte[] associatedData(String keyId, String context) {
        return (VERSION + ":" + keyId + ":" + context).getBytes(StandardCharsets.UTF_8);
    }
}
