package org.atrium.payments.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.atrium.payments.Gateway;
import org.atrium.payments.WebhookEvent;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** The inbound webhooks table (a platform table: only staff read it). */
@Repository("inboundWebhookEvents")
class WebhookEvents {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    WebhookEvents(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Stores an event that failed verification. */
    void insertRejected(UUID id, Gateway gateway, Map<String, String> headers, byte[] body, String verification,
            String detail, Instant now) {
        jdbc.sql("""
                insert into payment_webhook_events (id, gateway, headers, body, verification, result, detail,
                                                    received_at, processed_at)
                values (:id, :gateway, cast(:headers as jsonb), :body, :verification, 'rejected', :detail, :now, :now)""")
                .param("id", id).param("gateway", gateway.code()).param("headers", json.writeValueAsString(headers))
                .param("body", text(body)).param("verification", verification).param("detail", detail)
                .param("now", Timestamp.from(now)).update();
    }

    /**
     * Stores a verified event; false when the gateway's event id was stored before (a replay), whose row then
     * counts one more attempt.
     */
    boolean insertVerified(UUID id, Gateway gateway, InboundEvent event, Map<String, String> headers, byte[] body,
            Instant now) {
        int inserted = jdbc.sql("""
                insert into payment_webhook_events (id, gateway, event_id, event_type, tenant_id, reference, headers,
                                                    body, verification, result, received_at)
                values (:id, :gateway, :eventId, :type, :tenant, :reference, cast(:headers as jsonb), :body,
                        'verified', 'received', :now)
                on conflict (gateway, event_id) where verification = 'verified' do nothing""")
                .param("id", id).param("gateway", gateway.code()).param("eventId", event.id())
                .param("type", event.type())
                .param("tenant", tenantOf(event.reference()))
                .param("reference", event.reference() == null ? null : RechargeReferences.normalise(event.reference()))
                .param("headers", json.writeValueAsString(headers)).param("body", text(body))
                .param("now", Timestamp.from(now)).update();
        if (inserted == 0) {
            countAttempt(gateway, event.id());
        }
        return inserted == 1;
    }

    /** One more delivery of an event stored before. */
    void countAttempt(Gateway gateway, String eventId) {
        jdbc.sql("""
                update payment_webhook_events set attempts = attempts + 1
                where gateway = :gateway and event_id = :eventId and verification = 'verified'""")
                .param("gateway", gateway.code()).param("eventId", eventId).update();
    }

    /** Locks a stored event's row for processing it again; false if there is no such row. */
    boolean lock(UUID id) {
        return jdbc.sql("select id from payment_webhook_events where id = :id for update").param("id", id)
                .query(UUID.class).optional().isPresent();
    }

    Optional<WebhookEvent> byEventId(Gateway gateway, String eventId) {
        return jdbc.sql("select * from payment_webhook_events where gateway = :gateway and event_id = :eventId"
                + " and verification = 'verified'").param("gateway", gateway.code()).param("eventId", eventId)
                .query(this::map).optional();
    }

    Optional<WebhookEvent> find(UUID id) {
        return jdbc.sql("select * from payment_webhook_events where id = :id").param("id", id).query(this::map)
                .optional();
    }

    void finished(UUID id, String result, @Nullable String detail, Instant now) {
        jdbc.sql("""
                update payment_webhook_events set result = :result, detail = :detail, processed_at = :now
                where id = :id""")
                .param("result", result).param("detail", detail).param("now", Timestamp.from(now)).param("id", id)
                .update();
    }

    PageResponse<WebhookEvent> list(PageRequest page, @Nullable Gateway gateway, @Nullable String result) {
        StringBuilder where = new StringBuilder(" where true");
        Map<String, Object> params = new LinkedHashMap<>();
        if (gateway != null) {
            where.append(" and gateway = :gateway");
            params.put("gateway", gateway.code());
        }
        if (result != null) {
            where.append(" and result = :result");
            params.put("result", result);
        }
        long total = jdbc.sql("select count(*) from payment_webhook_events" + where).params(params)
                .query(Long.class).single();
        Map<String, Object> paged = new LinkedHashMap<>(params);
        paged.put("limit", page.size());
        paged.put("offset", page.offset());
        return page.response(jdbc.sql("select * from payment_webhook_events" + where + " order by " + page.orderBy()
                + ", id limit :limit offset :offset").params(paged).query(this::map).list(), total);
    }

    private static @Nullable UUID tenantOf(@Nullable String reference) {
        var tenant = RechargeReferences.tenantOf(reference);
        return tenant == null ? null : tenant.value();
    }

    /** The body as text; a body that is not UTF-8 is kept with its bad bytes replaced (it is refused anyway). */
    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8).replace("\u0000", "\uFFFD");
    }

    private WebhookEvent map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Timestamp processed = rs.getTimestamp("processed_at");
        Map<String, String> headers = json.readValue(rs.getString("headers"), new TypeReference<Map<String, String>>() {
        });
        return new WebhookEvent(rs.getObject("id", UUID.class), Gateway.fromCode(rs.getString("gateway")),
                rs.getString("event_id"), rs.getString("event_type"), rs.getString("reference"), headers,
                rs.getString("body"), rs.getString("verification"), rs.getString("result"), rs.getString("detail"),
                rs.getInt("attempts"), rs.getTimestamp("received_at").toInstant(),
                processed == null ? null : processed.toInstant());
    }
}
