package org.atrium.billing.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.atrium.platform.TenantId;
import org.atrium.platform.database.SqlArray;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Idempotency keys of invoices: one per tenant, held by a transaction-scoped advisory lock while an invoice is
 * issued under it, with the fingerprint of the draft it was issued from.
 */
@Repository
class InvoiceKeys {

    private final JdbcClient jdbc;

    InvoiceKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes the transaction's lock of each (tenant, key), in one order so that two batches cannot deadlock, and
     * returns the fingerprints stored under the keys already used, by {@link #keyOf}. Serialises issuers of one key,
     * so that two concurrent attempts cannot both find nothing and issue twice.
     */
    Map<String, String> lock(List<TenantId> tenants, List<String> keys) {
        if (tenants.size() == 1) {
            jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:lock, 0))")
                    .param("lock", "invoice:" + tenants.get(0).value() + ":" + keys.get(0)).query().singleRow();
            return jdbc.sql("select request_hash from invoices where tenant_id = :tenant and idempotency_key = :key")
                    .param("tenant", tenants.get(0).value()).param("key", keys.get(0)).query(String.class).optional()
                    .map(hash -> Map.of(keyOf(tenants.get(0), keys.get(0)), hash)).orElse(Map.of());
        }
        List<String> locks = new ArrayList<>(tenants.size());
        for (int i = 0; i < tenants.size(); i++) {
            locks.add("invoice:" + tenants.get(i).value() + ":" + keys.get(i));
        }
        jdbc.sql("""
                select count(pg_advisory_xact_lock(hashtextextended(lock, 0)))
                from (select lock from unnest(:locks) as x(lock) order by hashtextextended(lock, 0)) ordered
                """).param("locks", SqlArray.of("text", locks)).query(Long.class).single();
        Map<String, String> stored = new HashMap<>();
        jdbc.sql("""
                select i.tenant_id, i.idempotency_key, i.request_hash from invoices i
                join unnest(:tenants, :keys) as x(tenant_id, key)
                  on i.tenant_id = x.tenant_id and i.idempotency_key = x.key
                """).param("tenants", SqlArray.of("uuid", tenants, TenantId::value))
                .param("keys", SqlArray.of("text", keys))
                .query(rs -> {
                    stored.put(keyOf(TenantId.of(rs.getObject("tenant_id", UUID.class)),
                            rs.getString("idempotency_key")), rs.getString("request_hash"));
                });
        return stored;
    }

    /** Tenant and idempotency key, as one map key. */
    static String keyOf(TenantId tenant, String key) {
        return tenant.value() + "|" + key;
    }
}
