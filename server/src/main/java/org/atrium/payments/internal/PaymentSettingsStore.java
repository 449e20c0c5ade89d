package org.atrium.payments.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.payments.PaymentSettings;
import org.atrium.payments.TenantPaymentSettings;
import org.atrium.platform.TenantId;
import org.atrium.platform.secrets.SealedSecretStore;
import org.atrium.platform.secrets.Secrets;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tenants' own gateway credentials, secrets sealed with the context {@code tenant:<uuid>:<column>} so that a sealed
 * value copied to another tenant's row, or another column, does not open. The PayPal client id and webhook id are
 * identifiers, not secrets, and are stored as they are.
 */
@Component
class PaymentSettingsStore implements TenantPaymentSettings, SealedSecretStore {

    private static final List<String> SEALED = List.of("stripe_secret_key", "stripe_webhook_secret", "paypal_secret",
            "paystack_secret_key");

    private final JdbcClient jdbc;
    private final Secrets secrets;
    private final Clock clock;
    private final AuditLog audit;

    PaymentSettingsStore(JdbcClient jdbc, Secrets secrets, Clock clock, AuditLog audit) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.clock = clock;
        this.audit = audit;
    }

    /** The tenant's own credentials, opened; empty when it has none. */
    Optional<GatewayCredentials> credentials(TenantId tenant) {
        return row(tenant).map(r -> new GatewayCredentials(open(tenant, r, "stripe_secret_key"),
                open(tenant, r, "stripe_webhook_secret"), (String) r.get("paypal_client_id"),
                open(tenant, r, "paypal_secret"), (String) r.get("paypal_webhook_id"),
                open(tenant, r, "paystack_secret_key"), null, true));
    }

    @Override
    public PaymentSettings get(TenantId tenant) {
        Optional<Map<String, Object>> row = row(tenant);
        if (row.isEmpty()) {
            return new PaymentSettings(tenant, null, null, null, null, null, null, 0, null);
        }
        Map<String, Object> r = row.get();
        return new PaymentSettings(tenant, lastFour(tenant, r, "stripe_secret_key"),
                lastFour(tenant, r, "stripe_webhook_secret"), (String) r.get("paypal_client_id"),
                lastFour(tenant, r, "paypal_secret"), (String) r.get("paypal_webhook_id"),
                lastFour(tenant, r, "paystack_secret_key"), ((Number) r.get("version")).intValue(),
                ((Timestamp) r.get("updated_at")).toInstant());
    }

    @Override
    @Transactional
    public PaymentSettings change(TenantId tenant, PaymentSettings.Change change) {
        Instant now = clock.instant();
        jdbc.sql("insert into payment_settings (tenant_id, updated_at) values (:tenant, :now) on conflict do nothing")
                .param("tenant", tenant.value()).param("now", Timestamp.from(now)).update();
        Map<String, Object> current = jdbc.sql("select * from payment_settings where tenant_id = :tenant for update")
                .param("tenant", tenant.value()).query().singleRow();
        Map<String, @Nullable String> values = new LinkedHashMap<>();
        values.put("stripe_secret_key", change.stripeSecretKey());
        values.put("stripe_webhook_secret", change.stripeWebhookSecret());
        values.put("paypal_client_id", change.paypalClientId());
        values.put("paypal_secret", change.paypalSecret());
        values.put("paypal_webhook_id", change.paypalWebhookId());
        values.put("paystack_secret_key", change.paystackSecretKey());
        List<String> changed = new java.util.ArrayList<>();
        for (Map.Entry<String, @Nullable String> e : values.entrySet()) {
            String value = e.getValue();
            if (value == null) {
                continue;
            }
            String column = e.getKey();
            String stored = value.isBlank() ? null
                    : SEALED.contains(column) ? secrets.seal(value.strip(), context(tenant, column)) : value.strip();
            jdbc.sql("update payment_settings set " + column + " = :value where tenant_id = :tenant")
                    .param("value", stored).param("tenant", tenant.value()).update();
            changed.add(column);
        }
        jdbc.sql("update payment_settings set version = version + 1, updated_at = :now where tenant_id = :tenant")
                .param("now", Timestamp.from(now)).param("tenant", tenant.value()).update();
        // Only which fields changed: never a secret, not even sealed.
        audit.record(AuditEntry.of("payments.settings.changed", tenant, tenant.toString(),
                Map.of("version", current.get("version")), Map.of("changed", changed)));
        return get(tenant);
    }

    @Override
    public String name() {
        return "payment-settings";
    }

    @Override
    public int resealAll(Secrets with) {
        int resealed = 0;
        List<UUID> tenants = jdbc.sql("select tenant_id from payment_settings").query(UUID.class).list();
        for (UUID id : tenants) {
            TenantId tenant = TenantId.of(id);
            Map<String, Object> row = row(tenant).orElseThrow();
            for (String column : SEALED) {
                String sealed = (String) row.get(column);
                if (sealed != null && with.needsResealing(sealed)) {
                    int updated = jdbc.sql("update payment_settings set " + column + " = :new where tenant_id ="
                            + " :tenant and " + column + " = :old")
                            .param("new", with.reseal(sealed, context(tenant, column))).param("tenant", id)
                            .param("old", sealed).update();
                    resealed += updated;
                }
            }
        }
        return resealed;
    }

    private Optional<Map<String, Object>> row(TenantId tenant) {
        return jdbc.sql("select * from payment_settings where tenant_id = :tenant").param("tenant", tenant.value())
                .query().listOfRows().stream().findFirst();
    }

    private @Nullable String open(TenantId tenant, Map<String, Object> row, String column) {
        String sealed = (String) row.get(column);
        return sealed == null ? null : secrets.open(sealed, context(tenant, column));
    }

    private @Nullable String lastFour(TenantId tenant, Map<String, Object> row, String column) {
        String secret = open(tenant, row, column);
        return secret == null ? null : Secrets.lastFour(secret);
    }

    static String context(TenantId tenant, String column) {
        return "tenant:" + tenant + ":" + column;
    }
}
