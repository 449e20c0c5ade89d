package org.atrium.developer.internal;

import java.util.List;
import java.util.UUID;

import org.atrium.platform.secrets.SealedSecretStore;
import org.atrium.platform.secrets.Secrets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Endpoints' signing secrets are stored sealed with {@link Secrets} under the context
 * {@code webhook-endpoint:<id>:signing-secret}, the current and the previous one alike (rotation moves one into the
 * other). Secrets stored in plain text before sealing existed are sealed when the application is ready, and by
 * {@code POST /api/v1/secrets/reseal}; until then they are read as they are.
 */
@Component
class WebhookSecrets implements SealedSecretStore {

    private static final Logger log = LoggerFactory.getLogger(WebhookSecrets.class);

    private final Secrets secrets;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    WebhookSecrets(Secrets secrets, JdbcClient jdbc, TransactionTemplate transactions) {
        this.secrets = secrets;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    private static String context(UUID endpoint) {
        return "webhook-endpoint:" + endpoint + ":signing-secret";
    }

    private static boolean plain(String stored) {
        return stored.startsWith(WebhookSignature.SECRET_PREFIX);
    }

    String seal(UUID endpoint, String secret) {
        return secrets.seal(secret, context(endpoint));
    }

    String open(UUID endpoint, String stored) {
        return plain(stored) ? stored : secrets.open(stored, context(endpoint));
    }

    @Override
    public String name() {
        return "webhook-endpoints";
    }

    @Override
    public int resealAll(Secrets with) {
        return sealEach(true);
    }

    @EventListener(ApplicationReadyEvent.class)
    void sealPlainSecrets() {
        int sealed = sealEach(false);
        if (sealed > 0) {
            log.info("Sealed the signing secrets of {} webhook endpoint(s) stored in plain text", sealed);
        }
    }

    private record Stored(UUID id, String secret, @Nullable String previous) {
    }

    /** Seals plain secrets and, with {@code reseal}, reseals those of another master key; one row per transaction. */
    private int sealEach(boolean reseal) {
        List<UUID> ids = jdbc.sql("""
                select id from webhook_endpoints where secret like 'whsec\\_%' or previous_secret like 'whsec\\_%'
                    or :reseal
                """).param("reseal", reseal).query(UUID.class).list();
        int changed = 0;
        for (UUID id : ids) {
            Boolean done = transactions.execute(tx -> {
                Stored row = jdbc.sql("select id, secret, previous_secret from webhook_endpoints where id = :id"
                        + " for update").param("id", id).query((rs, n) -> new Stored(rs.getObject("id", UUID.class),
                                rs.getString("secret"), rs.getString("previous_secret"))).optional().orElse(null);
                if (row == null) {
                    return false;
                }
                String secret = renew(row.id(), row.secret());
                String previous = row.previous() == null ? null : renew(row.id(), row.previous());
                if (secret.equals(row.secret()) && java.util.Objects.equals(previous, row.previous())) {
                    return false;
                }
                jdbc.sql("update webhook_endpoints set secret = :secret, previous_secret = :previous where id = :id")
                        .param("secret", secret).param("previous", previous).param("id", id).update();
                return true;
            });
            if (Boolean.TRUE.equals(done)) {
                changed++;
            }
        }
        return changed;
    }

    private String renew(UUID endpoint, String stored) {
        return plain(stored) ? seal(endpoint, stored) : secrets.reseal(stored, context(endpoint));
    }
}
