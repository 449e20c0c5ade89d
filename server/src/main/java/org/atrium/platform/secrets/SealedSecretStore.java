package org.atrium.platform.secrets;

/**
 * A module's table of sealed secrets, for master key rotation: a module that stores secrets sealed by
 * {@link Secrets} declares a bean of this type, and {@link SecretsRotation} asks each one to reseal its rows under
 * the primary key ({@link Secrets#reseal}).
 */
public interface SealedSecretStore {

    /** A short name for reports, e.g. {@code payment-settings}. */
    String name();

    /**
     * Reseals every secret of this store that {@link Secrets#needsResealing needs it}, each row in its own
     * transaction (or in batches); returns how many were resealed.
     */
    int resealAll(Secrets secrets);
}
