package org.atrium.developer.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.atrium.platform.Ids;
import org.atrium.platform.TenantId;
import org.atrium.platform.database.SqlArray;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.ObjectMapper;

/**
 * The webhook messages of one transaction, written just before it commits: the enabled endpoints of all its
 * tenants (and the platform's) read with one query, then every message that some endpoint wants and its deliveries
 * with one statement. Nothing is written for an event no endpoint wants. An event added after the transaction's
 * messages were written (by another before-commit step) is written at once, still in the transaction; an event
 * published outside a transaction, or after its commit, is written in a transaction of its own.
 */
@Component
class WebhookOutbox {

    /** One event as a webhook message; {@code slug} is null when the event does not carry it. */
    record Pending(TenantId tenant, @Nullable String slug, String type, Instant occurredAt, Supplier<Object> data) {
    }

    /** An enabled endpoint: the platform's when {@code tenant} is null; every type when {@code types} is empty. */
    private record Endpoint(UUID id, @Nullable UUID tenant, Set<String> types) {

        boolean wants(Pending p) {
            return (tenant == null || tenant.equals(p.tenant().value())) && (types.isEmpty() || types.contains(p.type()));
        }
    }

    /**
     * The transaction's buffer; {@code written} once its messages are written, {@code committed} once the
     * transaction has committed (code that runs after the commit but still sees its resources).
     */
    private static final class Buffer {
        final List<Pending> pending = new ArrayList<>();
        boolean written;
        boolean committed;
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Tenants tenants;
    private final ObjectMapper json;
    private final TransactionTemplate transactions;
    private final TransactionTemplate ownTransaction;

    WebhookOutbox(JdbcClient jdbc, Clock clock, Tenants tenants, ObjectMapper json, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tenants = tenants;
        this.json = json;
        this.transactions = transactions;
        this.ownTransaction = new TransactionTemplate(transactions.getTransactionManager());
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    void add(TenantId tenant, @Nullable String slug, String type, Instant occurredAt, Object data) {
        add(tenant, slug, type, occurredAt, () -> data);
    }

    /** {@code data} is asked for only when some endpoint wants the event, just before the message is written. */
    void add(TenantId tenant, @Nullable String slug, String type, Instant occurredAt, Supplier<Object> data) {
        Pending pending = new Pending(tenant, slug, type, occurredAt, data);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            transactions.executeWithoutResult(tx -> write(List.of(pending)));
            return;
        }
        Buffer buffer = (Buffer) TransactionSynchronizationManager.getResource(this);
        if (buffer == null) {
            Buffer created = new Buffer();
            TransactionSynchronizationManager.bindResource(this, created);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                // Before the audit log's rows, which are written last so that the chain lock is held only for the
                // commit itself.
                @Override
                public int getOrder() {
                    return LOWEST_PRECEDENCE - 1;
                }

                @Override
                public void beforeCommit(boolean readOnly) {
                    created.written = true;
                    write(created.pending);
                    created.pending.clear();
                }

                @Override
                public void afterCommit() {
                    created.committed = true;
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(WebhookOutbox.this);
                    // Events of a buffer made after the commit (published by after-commit code) never saw a
                    // before-commit step: the change they tell about committed, so they are written now.
                    if (status == STATUS_COMMITTED && !created.written && !created.pending.isEmpty()) {
                        List<Pending> late = List.copyOf(created.pending);
                        created.pending.clear();
                        ownTransaction.executeWithoutResult(tx -> write(late));
                    }
                }
            });
            buffer = created;
        }
        if (buffer.committed) {
            // After the commit, work joining "the transaction" would join one that is over.
            ownTransaction.executeWithoutResult(tx -> write(List.of(pending)));
        } else if (buffer.written) {
            write(List.of(pending));
        } else {
            buffer.pending.add(pending);
        }
    }

    /** Writes the messages of {@code events} that an endpoint wants, with a delivery to each such endpoint. */
    void write(List<Pending> events) {
        if (events.isEmpty()) {
            return;
        }
        Set<UUID> tenantIds = new HashSet<>();
        events.forEach(e -> tenantIds.add(e.tenant().value()));
        List<Endpoint> endpoints = jdbc.sql("""
                select id, tenant_id, event_types from webhook_endpoints
                where enabled and (tenant_id = any(:tenants) or tenant_id is null) order by id
                """).param("tenants", SqlArray.of("uuid", tenantIds))
                .query((rs, n) -> new Endpoint(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                        new HashSet<>(List.of((String[]) rs.getArray("event_types").getArray()))))
                .list();
        if (endpoints.isEmpty()) {
            return;
        }
        List<Pending> wanted = new ArrayList<>();
        List<List<UUID>> to = new ArrayList<>();
        for (Pending e : events) {
            List<UUID> receivers = endpoints.stream().filter(x -> x.wants(e)).map(Endpoint::id).toList();
            if (!receivers.isEmpty()) {
                wanted.add(e);
                to.add(receivers);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        Map<TenantId, Tenant> known = slugsOf(wanted);
        Timestamp now = Timestamp.from(clock.instant());
        List<String> ids = new ArrayList<>();
        List<UUID> tenantOf = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<Timestamp> occurred = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        List<UUID> deliveryIds = new ArrayList<>();
        List<UUID> deliveryTenants = new ArrayList<>();
        List<UUID> deliveryEndpoints = new ArrayList<>();
        List<String> deliveryMessages = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            Pending e = wanted.get(i);
            String slug = e.slug() != null ? e.slug()
                    : known.containsKey(e.tenant()) ? known.get(e.tenant()).slug() : null;
            String id = messageId();
            ids.add(id);
            tenantOf.add(e.tenant().value());
            types.add(e.type());
            occurred.add(Timestamp.from(e.occurredAt()));
            payloads.add(payload(id, slug, e.type(), e.occurredAt(), e.data().get()));
            for (UUID endpoint : to.get(i)) {
                deliveryIds.add(Ids.newId(clock));
                deliveryTenants.add(e.tenant().value());
                deliveryEndpoints.add(endpoint);
                deliveryMessages.add(id);
            }
        }
        jdbc.sql("""
                with messages as (
                    insert into webhook_messages (id, tenant_id, event_type, occurred_at, payload, created_at)
                    select id, tenant_id, event_type, occurred_at, payload, :now
                    from unnest(:ids, :tenants, :types, :occurred, :payloads)
                         as x(id, tenant_id, event_type, occurred_at, payload)
                    returning id
                )
                insert into webhook_deliveries (id, tenant_id, endpoint_id, message_id, status, next_attempt_at,
                                                created_at, updated_at)
                select d.id, d.tenant_id, d.endpoint_id, m.id, 'pending', :now, :now, :now
                from unnest(:deliveries, :deliveryTenants, :endpoints, :messages)
                     as d(id, tenant_id, endpoint_id, message_id)
                join messages m on m.id = d.message_id
                """).param("now", now).param("ids", SqlArray.of("text", ids))
                .param("tenants", SqlArray.of("uuid", tenantOf)).param("types", SqlArray.of("text", types))
                .param("occurred", SqlArray.of("timestamptz", occurred))
                .param("payloads", SqlArray.of("text", payloads))
                .param("deliveries", SqlArray.of("uuid", deliveryIds))
                .param("deliveryTenants", SqlArray.of("uuid", deliveryTenants))
                .param("endpoints", SqlArray.of("uuid", deliveryEndpoints))
                .param("messages", SqlArray.of("text", deliveryMessages)).update();
    }

    /** The tenants of the events that do not name their slug, read with one query (none when all do). */
    private Map<TenantId, Tenant> slugsOf(List<Pending> events) {
        Set<TenantId> missing = new HashSet<>();
        events.stream().filter(e -> e.slug() == null).forEach(e -> missing.add(e.tenant()));
        return missing.isEmpty() ? Map.of() : tenants.findAll(missing);
    }

    String messageId() {
        return "msg_" + Ids.newId(clock).toString().replace("-", "");
    }

    /** The message as it is signed and sent: type, id, time, the tenant's slug (when there is one) and the data. */
    String payload(String id, @Nullable String slug, String type, Instant occurredAt, Object data) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", type);
        payload.put("id", id);
        payload.put("occurredAt", occurredAt.toString());
        if (slug != null) {
            payload.put("tenant", slug);
        }
        payload.put("data", data);
        return json.writeValueAsString(payload);
    }
}
