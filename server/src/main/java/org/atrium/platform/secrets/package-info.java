/**
 * Encrypted secrets: {@link org.atrium.platform.secrets.Secrets} seals and opens the secrets other modules store
 * (gateway credentials, TOTP seeds) with AES256-GCM (Tink) under the master key from {@code ATRIUM_MASTER_KEY};
 * {@link org.atrium.platform.secrets.SecretsRotation} reseals them after the master key changes.
 */
@org.jspecify.annotations.NullMarked
package org.atrium.platform.secrets;
