package org.atrium.platform.secrets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The second half of a master key rotation: after a new key is put first in {@code ATRIUM_MASTER_KEY} (the old one
 * kept after it) and every node restarted, this reseals every stored secret under the new key; then the old key can
 * be removed. Run it through {@code POST /api/v1/secrets/reseal} (permission {@code settings.manage}); it may be run
 * again safely, it only touches values sealed with another key.
 */
@Component
public class SecretsRotation {

    private static final Logger log = LoggerFactory.getLogger(SecretsRotation.class);

    private final Secrets secrets;
    private final List<SealedSecretStore> stores;

    SecretsRotation(Secrets secrets, List<SealedSecretStore> stores) {
        this.secrets = secrets;
        this.stores = stores;
    }

    /** Reseals every store; returns how many secrets each one resealed, by store name. */
    public Map<String, Integer> resealAll() {
        Map<String, Integer> resealed = new LinkedHashMap<>();
        for (SealedSecretStore store : stores) {
            int count = store.resealAll(secrets);
            resealed.put(store.name(), count);
            log.info("Resealed {} secret(s) of {} under master key {}", count, store.name(), secrets.primaryKeyId());
        }
        return resealed;
    }
}
