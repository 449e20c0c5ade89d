package org.atrium.audit.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditEvent;
import org.atrium.audit.AuditLog;
import org.atrium.audit.AuditQuery;
import org.atrium.audit.ChainVerification;
import org.atrium.platform.Actor;
import org.atrium.platform.Ids;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.web.RequestLogging;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import tools.jackson.databind.ObjectMapper;

/**
 * Writes audit rows at the end of the transaction that produced them (just before commit), so that the chain's
 * advisory lock is held only for the moment of the commit, never for the whole business transaction.
 */
@Service
class JdbcAuditLog implements AuditLog {

    private static final RowMapper<AuditEvent> ROWS = (rs, n) -> new AuditEvent(rs.getLong("seq"),
            rs.getObject("id", UUID.class), rs.getTimestamp("occurred_at").toInstant(), rs.getString("event_type"),
            rs.getString("actor_type"), rs.getString("actor_id"), rs.getObject("tenant_id", UUID.class),
            rs.getString("target"), rs.getString("ip_address"), rs.getString("request_id"), rs.getString("on_behalf_of"),
            rs.getString("user_agent"), rs.getString("before_state"),
            rs.getString("after_state"), rs.getString("hash"));

    private final JdbcClient jdbc;
    private final NamedParameterJdbcOperations batch;
    private final Clock clock;
    private final ObjectMapper json;
    private final ChainCheckpoints checkpoints;

    JdbcAuditLog(JdbcClient jdbc, NamedParameterJdbcOperations batch, Clock clock, ObjectMapper json,
            ChainCheckpoints checkpoints) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.clock = clock;
        this.json = json;
        this.checkpoints = checkpoints;
    }

    @Override
    public void record(AuditEntry entry) {
        Pending pending = capture(entry);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            write(List.of(pending));
            return;
        }
        @SuppressWarnings("unchecked")
        List<Pending> buffer = (List<Pending>) TransactionSynchronizationManager.getResource(this);
        if (buffer == null) {
            List<Pending> created = new ArrayList<>();
            TransactionSynchronizationManager.bindResource(this, created);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public int getOrder() {
                    return LOWEST_PRECEDENCE;
                }

                @Override
                public void beforeCommit(boolean readOnly) {
                    write(created);
                    created.clear();
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(JdbcAuditLog.this);
                }
            });
            buffer = created;
        }
        buffer.add(pending);
    }

    private Pending capture(AuditEntry entry) {
        Actor actor = Actor.current();
        String ip = null;
        String requestId = null;
        String userAgent = null;
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            ip = attributes.getRequest().getRemoteAddr();
            requestId = RequestLogging.currentRequestId();
            userAgent = attributes.getRequest().getHeader("User-Agent");
            if (userAgent != null && userAgent.length() > 300) {
                userAgent = userAgent.substring(0, 300);
            }
        }
        String onBehalfOf = Actor.currentOnBehalfOf().map(a -> a.type().code() + ":" + a.id()).orElse(null);
        return new Pending(Ids.newId(clock), Timestamp.from(clock.instant()), entry.type(), actor.type().code(),
                actor.id(), entry.tenant() == null ? null : entry.tenant().value(), entry.target(), ip, requestId,
                toJson(entry.before()), toJson(entry.after()), onBehalfOf, userAgent);
    }

    private @Nullable String toJson(@Nullable Object value) {
        return value == null ? null : json.writeValueAsString(value);
    }

    /**
     * Inserts the rows in one batch, one round trip for all of them. The chain trigger numbers and hashes them in the
     * order given, as it did row by row.
     */
    private void write(List<Pending> entries) {
        if (entries.isEmpty()) {
            return;
        }
        SqlParameterSource[] rows = entries.stream().map(p -> new MapSqlParameterSource().addValue("id", p.id())
                .addValue("at", p.at()).addValue("type", p.type()).addValue("actorType", p.actorType())
                .addValue("actorId", p.actorId()).addValue("tenant", p.tenant()).addValue("target", p.target())
                .addValue("ip", p.ip()).addValue("requestId", p.requestId()).addValue("before", p.before())
                .addValue("after", p.after()).addValue("onBehalfOf", p.onBehalfOf())
                .addValue("userAgent", p.userAgent())).toArray(SqlParameterSource[]::new);
        batch.batchUpdate("""
                insert into audit_events (id, occurred_at, event_type, actor_type, actor_id, tenant_id, target,
                                          ip_address, request_id, before_state, after_state, on_behalf_of,
                                          user_agent, prev_hash, hash)
                values (:id, :at, :type, :actorType, :actorId, :tenant, :target, :ip, :requestId,
                        cast(:before as jsonb), cast(:after as jsonb), :onBehalfOf, :userAgent, '', '')
                """, rows);
    }

    @Override
    public PageResponse<AuditEvent> find(AuditQuery query, PageRequest page) {
        StringBuilder where = new StringBuilder(" where true");
        Map<String, Object> params = new java.util.HashMap<>();
        if (query.tenantId() != null) {
            where.append(" and tenant_id = :tenant");
            params.put("tenant", query.tenantId());
        }
        if (query.type() != null) {
            if (query.type().contains("*")) {
                // '*' is the only wildcard: LIKE's own '%' and '_' (and its escape character) are literal here.
                where.append(" and event_type like :type escape '\\'");
                params.put("type", query.type().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                        .replace("*", "%"));
            } else {
                where.append(" and event_type = :type");
                params.put("type", query.type());
            }
        }
        if (query.actorId() != null) {
            where.append(" and actor_id = :actor");
            params.put("actor", query.actorId());
        }
        if (query.from() != null) {
            where.append(" and occurred_at >= :from");
            params.put("from", Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            where.append(" and occurred_at < :to");
            params.put("to", Timestamp.from(query.to()));
        }
        long total = jdbc.sql("select count(*) from audit_events" + where).params(params).query(Long.class).single();
        List<AuditEvent> items = jdbc.sql("select * from audit_events" + where + " order by " + page.orderBy()
                + ", seq limit :limit offset :offset").params(params).param("limit", page.size())
                .param("offset", page.offset()).query(ROWS).list();
        return page.response(items, total);
    }

    @Override
    public List<AuditEvent> history(String target) {
        return jdbc.sql("select * from audit_events where target = :target order by seq").param("target", target)
                .query(ROWS).list();
    }

    @Override
    public ChainVerification verify() {
        long rows = jdbc.sql("select count(*) from audit_events").query(Long.class).single();
        List<ChainVerification> broken = jdbc.sql("""
                select seq, hash, prev_hash, expected_prev, expected_seq
                from (select x.seq, x.hash, x.prev_hash, audit_event_content(x) as content,
                             coalesce(lag(x.hash) over (order by x.seq), '') as expected_prev,
                             row_number() over (order by x.seq) as expected_seq
                      from audit_events x) e
                where prev_hash <> expected_prev
                   or seq <> expected_seq
                   or hash <> encode(sha256(convert_to(expected_prev || '|' || content, 'UTF8')), 'hex')
                order by seq
                limit 1
                """).query((rs, n) -> {
            long seq = rs.getLong("seq");
            String reason;
            if (seq != rs.getLong("expected_seq")) {
                reason = "sequence gap: expected row " + rs.getLong("expected_seq") + " but found " + seq;
            } else if (!rs.getString("prev_hash").equals(rs.getString("expected_prev"))) {
                reason = "previous-hash link does not match the preceding row";
            } else {
                reason = "content does not match its stored hash";
            }
            return ChainVerification.ofRows(false, rows, seq, reason);
        }).list();
        return checkpoints.compare(broken.isEmpty() ? ChainVerification.ofRows(true, rows, null, null) : broken.get(0));
    }

    private record Pending(UUID id, Timestamp at, String type, String actorType, String actorId,
            @Nullable UUID tenant, @Nullable String target, @Nullable String ip, @Nullable String requestId,
            @Nullable String before, @Nullable String after, @Nullable String onBehalfOf,
            @Nullable String userAgent) {
    }
}
