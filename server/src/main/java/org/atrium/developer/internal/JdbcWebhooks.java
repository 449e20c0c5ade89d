package org.atrium.developer.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.developer.WebhookEventTypes;
import org.atrium.developer.Webhooks;
import org.atrium.platform.Ids;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.platform.secrets.SecretUnreadable;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Webhook endpoints, messages and their delivery. A message is stored with one delivery per subscribed endpoint in
 * the transaction of the change that caused it ({@link WebhookOutbox}, so nothing is lost and nothing is sent for a
 * change that rolled back); the dispatcher claims due deliveries with {@code for update skip locked} (so each runs on one node), sends them in
 * parallel outside any transaction and records every attempt. Retries follow the schedule Svix publishes: at once,
 * then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h later; then the delivery has failed.
 */
@Service
class JdbcWebhooks implements Webhooks, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JdbcWebhooks.class);
    static final List<Duration> RETRIES = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
    static final Duration DISABLE_AFTER = Duration.ofDays(5);
    private static final Duration CLAIM = Duration.ofMinutes(2);
    private static final int BATCH = 50;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final Tenants tenants;
    private final ObjectMapper json;
    private final TransactionTemplate transactions;
    private final WebhookAddressPolicy addresses;
    private final WebhookSender sender;
    private final WebhookOutbox outbox;
    private final WebhookSecrets secrets;
    private final ExecutorService senders = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "atrium-webhook-sender");
        t.setDaemon(true);
        return t;
    });

    JdbcWebhooks(JdbcClient jdbc, Clock clock, AuditLog audit, Tenants tenants, ObjectMapper json,
            TransactionTemplate transactions, WebhookSecrets secrets, WebhookOutbox outbox,
            @Value("${atrium.webhooks.allowed-hosts:}") String allowedHosts,
            @Value("${atrium.webhooks.timeout:15s}") Duration timeout) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.tenants = tenants;
        this.json = json;
        this.transactions = transactions;
        this.secrets = secrets;
        this.addresses = new WebhookAddressPolicy(allowedHosts);
        this.sender = new WebhookSender(timeout);
        this.outbox = outbox;
    }

    @Override
    public void destroy() {
        senders.shutdownNow();
    }

    private record Row(UUID id, @Nullable UUID tenantId, String url, @Nullable String description,
            Set<String> eventTypes, boolean enabled, @Nullable String disabledReason, String secret,
            @Nullable String previousSecret, @Nullable Instant previousSecretUntil, @Nullable Instant failingSince,
            Instant createdAt, Instant updatedAt) {
    }

    private static final RowMapper<Row> ROWS = (rs, n) -> new Row(rs.getObject("id", UUID.class),
            rs.getObject("tenant_id", UUID.class), rs.getString("url"), rs.getString("description"),
            new TreeSet<>(List.of((String[]) rs.getArray("event_types").getArray())), rs.getBoolean("enabled"),
            rs.getString("disabled_reason"), rs.getString("secret"), rs.getString("previous_secret"),
            instant(rs.getTimestamp("previous_secret_until")), instant(rs.getTimestamp("failing_since")),
            rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());

    private Endpoint view(Row row, @Nullable String slug) {
        return new Endpoint(row.id(), slug, row.url(), row.description(), row.eventTypes(), row.enabled(),
                row.disabledReason(), row.createdAt(), row.updatedAt());
    }

    private @Nullable TenantId tenant(@Nullable String slug) {
        return slug == null ? null : tenants.requireBySlug(slug).id();
    }

    private static Set<String> eventTypes(@Nullable Set<String> types) {
        if (types == null) {
            return Set.of();
        }
        for (String type : types) {
            if (!WebhookEventTypes.ALL.containsKey(type) || WebhookEventTypes.TEST.equals(type)) {
                throw ProblemException.invalidField("eventTypes", "unknown event type '%s'".formatted(type));
            }
        }
        return new TreeSet<>(types);
    }

    private static @Nullable String description(@Nullable String text) {
        if (text != null && text.length() > 1000) {
            throw ProblemException.invalidField("description", "at most 1000 characters");
        }
        return text;
    }

    @Override
    public WithSecret create(@Nullable String slug, String url, Set<String> types, @Nullable String description) {
        TenantId tenant = tenant(slug);
        if (url == null || url.length() > 2000) {
            throw ProblemException.invalidField("url", "must be a URL of at most 2000 characters");
        }
        addresses.check(url);
        Set<String> checked = eventTypes(types);
        String secret = WebhookSignature.newSecret();
        UUID id = Ids.newId(clock);
        Instant now = clock.instant();
        return transactions.execute(tx -> {
            jdbc.sql("""
                    insert into webhook_endpoints (id, tenant_id, url, description, event_types, secret, created_at,
                        updated_at)
                    values (:id, :tenant, :url, :description, :types, :secret, :now, :now)
                    """).param("id", id).param("tenant", tenant == null ? null : tenant.value()).param("url", url)
                    .param("description", description(description)).param("types", checked.toArray(String[]::new))
                    .param("secret", secrets.seal(id, secret)).param("now", Timestamp.from(now)).update();
            Endpoint endpoint = view(require(tenant, id), slug);
            audit.record(AuditEntry.of("webhook.endpoint.created", tenant, id.toString(), null, endpoint));
            return new WithSecret(endpoint, secret);
        });
    }

    private Row require(@Nullable TenantId tenant, UUID id) {
        return jdbc.sql("select * from webhook_endpoints where tenant_id is not distinct from :tenant and id = :id")
                .param("tenant", tenant == null ? null : tenant.value()).param("id", id).query(ROWS).optional()
                .orElseThrow(() -> ProblemException.notFound("Webhook endpoint", id.toString()));
    }

    @Override
    public List<Endpoint> list(@Nullable String slug) {
        TenantId tenant = tenant(slug);
        return jdbc.sql("select * from webhook_endpoints where tenant_id is not distinct from :tenant"
                + " order by created_at, id").param("tenant", tenant == null ? null : tenant.value()).query(ROWS)
                .list().stream().map(r -> view(r, slug)).toList();
    }

    @Override
    public Endpoint get(@Nullable String slug, UUID id) {
        return view(require(tenant(slug), id), slug);
    }

    @Override
    public Endpoint update(@Nullable String slug, UUID id, Changes changes) {
        TenantId tenant = tenant(slug);
        if (changes.url() != null) {
            addresses.check(changes.url());
        }
        Set<String> types = changes.eventTypes() == null ? null : eventTypes(changes.eventTypes());
        return transactions.execute(tx -> {
            Row before = require(tenant, id);
            boolean enabling = Boolean.TRUE.equals(changes.enabled()) && !before.enabled();
            jdbc.sql("""
                    update webhook_endpoints set url = coalesce(:url, url), description = coalesce(:description,
                        description), event_types = coalesce(:types, event_types), enabled = coalesce(:enabled, enabled),
                        disabled_reason = case when :enabled is null then disabled_reason when :enabled then null
                            else 'disabled by its owner' end,
                        failing_since = case when :enabling then null else failing_since end, updated_at = :now
                    where id = :id
                    """).param("url", changes.url()).param("description", description(changes.description()))
                    .param("types", types == null ? null : types.toArray(String[]::new))
                    .param("enabled", changes.enabled()).param("enabling", enabling)
                    .param("now", Timestamp.from(clock.instant())).param("id", id).update();
            Endpoint after = view(require(tenant, id), slug);
            audit.record(AuditEntry.of("webhook.endpoint.updated", tenant, id.toString(), view(before, slug), after));
            return after;
        });
    }

    @Override
    public void delete(@Nullable String slug, UUID id) {
        TenantId tenant = tenant(slug);
        transactions.executeWithoutResult(tx -> {
            Row before = require(tenant, id);
            jdbc.sql("delete from webhook_endpoints where id = :id").param("id", id).update();
            audit.record(AuditEntry.of("webhook.endpoint.deleted", tenant, id.toString(), view(before, slug), null));
        });
    }

    @Override
    public WithSecret rotateSecret(@Nullable String slug, UUID id, Duration overlap) {
        if (overlap.isNegative() || overlap.compareTo(Duration.ofDays(7)) > 0) {
            throw ProblemException.invalidField("overlap", "must be between PT0S and P7D");
        }
        TenantId tenant = tenant(slug);
        String secret = WebhookSignature.newSecret();
        return transactions.execute(tx -> {
            Row before = require(tenant, id);
            Instant now = clock.instant();
            jdbc.sql("""
                    update webhook_endpoints set previous_secret = secret, previous_secret_until = :until,
                        secret = :secret, updated_at = :now where id = :id
                    """).param("until", Timestamp.from(now.plus(overlap))).param("secret", secrets.seal(id, secret))
                    .param("now", Timestamp.from(now)).param("id", id).update();
            audit.record(AuditEntry.of("webhook.endpoint.secret_rotated", tenant, id.toString(), null,
                    Map.of("overlap", overlap.toString())));
            return new WithSecret(view(require(tenant, id), slug), secret);
        });
    }

    @Override
    public List<Attempt> attempts(@Nullable String slug, UUID id) {
        require(tenant(slug), id);
        return jdbc.sql("""
                select a.*, d.message_id, d.status, m.event_type from webhook_attempts a
                join webhook_deliveries d on d.id = a.delivery_id join webhook_messages m on m.id = d.message_id
                where a.endpoint_id = :id order by a.attempted_at desc, a.attempt desc limit 500
                """).param("id", id).query((rs, n) -> new Attempt(rs.getObject("id", UUID.class),
                rs.getObject("delivery_id", UUID.class), rs.getString("message_id"), rs.getString("event_type"),
                rs.getInt("attempt"), rs.getString("status"), map(rs.getString("request_headers")),
                rs.getString("request_body"), (Integer) rs.getObject("response_status"),
                rs.getString("response_headers") == null ? null : map(rs.getString("response_headers")),
                rs.getString("response_body"), rs.getString("error"), rs.getLong("duration_ms"),
                rs.getTimestamp("attempted_at").toInstant())).list();
    }

    private Map<String, String> map(String text) {
        return json.readValue(text, new TypeReference<LinkedHashMap<String, String>>() {
        });
    }

    @Override
    public int replay(@Nullable String slug, UUID id, String messageId) {
        TenantId tenant = tenant(slug);
        require(tenant, id);
        boolean exists = jdbc.sql("select exists(select 1 from webhook_deliveries where endpoint_id = :id"
                + " and message_id = :message)").param("id", id).param("message", messageId).query(Boolean.class)
                .single();
        if (!exists) {
            throw ProblemException.notFound("Webhook message", messageId);
        }
        queue(tenant, id, messageId);
        return 1;
    }

    @Override
    public int replayFailedSince(@Nullable String slug, UUID id, Instant since) {
        TenantId tenant = tenant(slug);
        require(tenant, id);
        List<String> failed = jdbc.sql("""
                select distinct message_id from webhook_deliveries d where endpoint_id = :id and created_at >= :since
                and status = 'failed' and not exists (select 1 from webhook_deliveries o where o.endpoint_id = d.endpoint_id
                    and o.message_id = d.message_id and o.status in ('pending', 'delivered'))
                """).param("id", id).param("since", Timestamp.from(since)).query(String.class).list();
        failed.forEach(message -> queue(tenant, id, message));
        return failed.size();
    }

    private void queue(@Nullable TenantId tenant, UUID endpoint, String messageId) {
        Instant now = clock.instant();
        jdbc.sql("""
                insert into webhook_deliveries (id, tenant_id, endpoint_id, message_id, status, next_attempt_at,
                    created_at, updated_at)
                values (:id, :tenant, :endpoint, :message, 'pending', :now, :now, :now)
                """).param("id", Ids.newId(clock)).param("tenant", tenant == null ? null : tenant.value())
                .param("endpoint", endpoint).param("message", messageId).param("now", Timestamp.from(now)).update();
    }

    @Override
    public String sendTest(@Nullable String slug, UUID id) {
        TenantId tenant = tenant(slug);
        Row endpoint = require(tenant, id);
        Instant now = clock.instant();
        return transactions.execute(tx -> {
            String message = store(tenant, slug, WebhookEventTypes.TEST, now,
                    Map.of("endpoint", endpoint.id().toString(), "message", "This is a test event from Atrium."));
            queue(tenant, id, message);
            return message;
        });
    }

    private String store(@Nullable TenantId tenant, @Nullable String slug, String type, Instant occurredAt,
            Object data) {
        String id = outbox.messageId();
        jdbc.sql("""
                insert into webhook_messages (id, tenant_id, event_type, occurred_at, payload, created_at)
                values (:id, :tenant, :type, :occurredAt, :payload, :now)
                """).param("id", id).param("tenant", tenant == null ? null : tenant.value()).param("type", type)
                .param("occurredAt", Timestamp.from(occurredAt))
                .param("payload", outbox.payload(id, slug, type, occurredAt, data))
                .param("now", Timestamp.from(clock.instant())).update();
        return id;
    }

    private record Due(UUID id, UUID endpointId, String messageId, int attempt, String payload) {
    }

    @Override
    public int dispatchDue() {
        Instant now = clock.instant();
        List<Due> claimed = transactions.execute(tx -> {
            List<Due> due = jdbc.sql("""
                    select d.id, d.endpoint_id, d.message_id, d.attempts, m.payload from webhook_deliveries d
                    join webhook_messages m on m.id = d.message_id
                    where d.status = 'pending' and d.next_attempt_at <= :now
                    order by d.next_attempt_at, m.occurred_at, d.id limit :batch
                    for update of d skip locked
                    """).param("now", Timestamp.from(now)).param("batch", BATCH)
                    .query((rs, n) -> new Due(rs.getObject("id", UUID.class), rs.getObject("endpoint_id", UUID.class),
                            rs.getString("message_id"), rs.getInt("attempts") + 1, rs.getString("payload")))
                    .list();
            for (Due d : due) {
                // Claimed for a while: a node that dies mid-attempt leaves it to be tried again, not lost.
                jdbc.sql("update webhook_deliveries set attempts = :attempt, next_attempt_at = :until where id = :id")
                        .param("attempt", d.attempt()).param("until", Timestamp.from(now.plus(CLAIM)))
                        .param("id", d.id()).update();
            }
            return due;
        });
        List<Future<?>> running = new ArrayList<>();
        for (Due d : claimed) {
            running.add(senders.submit(() -> attempt(d, now)));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (Exception e) {
                log.error("A webhook attempt failed unexpectedly", e);
            }
        }
        return claimed.size();
    }

    private void attempt(Due due, Instant now) {
        Optional<Row> found = jdbc.sql("select * from webhook_endpoints where id = :id").param("id", due.endpointId())
                .query(ROWS).optional();
        if (found.isEmpty() || !found.get().enabled()) {
            finish(due, now, "failed", null);
            return;
        }
        Row endpoint = found.get();
        long timestamp = now.getEpochSecond();
        String signature = "";
        String unsigned = null;
        try {
            signature = WebhookSignature.sign(secrets.open(endpoint.id(), endpoint.secret()), due.messageId(),
                    timestamp, due.payload());
            if (endpoint.previousSecret() != null && endpoint.previousSecretUntil() != null
                    && endpoint.previousSecretUntil().isAfter(now)) {
                signature += " " + WebhookSignature.sign(secrets.open(endpoint.id(), endpoint.previousSecret()),
                        due.messageId(), timestamp, due.payload());
            }
        } catch (SecretUnreadable e) {
            // Not sent unsigned: recorded as a failed attempt, retried on the schedule (the master key may be back).
            unsigned = e.getMessage();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", due.messageId());
        headers.put("webhook-timestamp", String.valueOf(timestamp));
        headers.put("webhook-signature", signature);
        headers.put("user-agent", "Atrium-Webhooks/1");
        Integer status = null;
        Map<String, String> answeredHeaders = null;
        String answeredBody = null;
        String error = unsigned;
        long started = System.nanoTime();
        try {
            if (unsigned == null) {
                WebhookAddressPolicy.Destination destination = addresses.check(endpoint.url());
                WebhookSender.Answer answer = sender.post(destination, headers, due.payload());
                status = answer.status();
                answeredHeaders = answer.headers();
                answeredBody = answer.body();
            }
        } catch (ProblemException e) {
            error = e.getMessage();
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        Map<String, String> logged = new LinkedHashMap<>(headers);
        logged.put("webhook-signature", signature.replaceAll(",[^ ]+", ",…"));
        String requestHeaders = json.writeValueAsString(logged);
        String responseHeaders = answeredHeaders == null ? null : json.writeValueAsString(answeredHeaders);
        Integer answeredStatus = status;
        String answered = answeredBody;
        String failure = error;
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("""
                    insert into webhook_attempts (id, delivery_id, endpoint_id, attempt, request_headers, request_body,
                        response_status, response_headers, response_body, error, duration_ms, attempted_at)
                    values (:id, :delivery, :endpoint, :attempt, :requestHeaders, :body, :status, :responseHeaders,
                        :responseBody, :error, :duration, :at)
                    """).param("id", Ids.newId(clock)).param("delivery", due.id()).param("endpoint", due.endpointId())
                    .param("attempt", due.attempt()).param("requestHeaders", requestHeaders)
                    .param("body", due.payload()).param("status", answeredStatus)
                    .param("responseHeaders", responseHeaders).param("responseBody", answered)
                    .param("error", failure).param("duration", durationMs).param("at", Timestamp.from(now)).update();
            boolean ok = answeredStatus != null && answeredStatus >= 200 && answeredStatus < 300;
            if (ok) {
                finish(due, now, "delivered", null);
                jdbc.sql("update webhook_endpoints set failing_since = null where id = :id and failing_since is not null")
                        .param("id", endpoint.id()).update();
                return;
            }
            if (answeredStatus != null && answeredStatus == 410) {
                disable(endpoint, "the endpoint answered 410 Gone", now);
                finish(due, now, "failed", null);
                return;
            }
            Instant failingSince = endpoint.failingSince() == null ? now : endpoint.failingSince();
            jdbc.sql("update webhook_endpoints set failing_since = :since where id = :id and failing_since is null")
                    .param("since", Timestamp.from(now)).param("id", endpoint.id()).update();
            if (!now.isBefore(failingSince.plus(DISABLE_AFTER))) {
                disable(endpoint, "failing for 5 days", now);
                finish(due, now, "failed", null);
                return;
            }
            if (due.attempt() > RETRIES.size()) {
                finish(due, now, "failed", null);
            } else {
                finish(due, now, "pending", now.plus(RETRIES.get(due.attempt() - 1)));
            }
        });
    }

    private void finish(Due due, Instant now, String status, @Nullable Instant next) {
        jdbc.sql("update webhook_deliveries set status = :status, next_attempt_at = :next, updated_at = :now"
                + " where id = :id").param("status", status).param("next", next == null ? null : Timestamp.from(next))
                .param("now", Timestamp.from(now)).param("id", due.id()).update();
    }

    private void disable(Row endpoint, String reason, Instant now) {
        jdbc.sql("update webhook_endpoints set enabled = false, disabled_reason = :reason, updated_at = :now"
                + " where id = :id").param("reason", reason).param("now", Timestamp.from(now))
                .param("id", endpoint.id()).update();
        TenantId tenant = endpoint.tenantId() == null ? null : TenantId.of(endpoint.tenantId());
        audit.record(AuditEntry.of("webhook.endpoint.disabled", tenant, endpoint.id().toString(), null,
                Map.of("reason", reason)));
        log.warn("Webhook endpoint {} disabled: {}", endpoint.id(), reason);
    }

    private static @Nullable Instant instant(@Nullable Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
