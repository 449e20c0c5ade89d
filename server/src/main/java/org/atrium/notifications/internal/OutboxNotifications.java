package org.atrium.notifications.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.atrium.notifications.InAppNotification;
import org.atrium.notifications.MailOutbox;
import org.atrium.notifications.MailQuery;
import org.atrium.notifications.MailStatus;
import org.atrium.notifications.NotificationRequest;
import org.atrium.notifications.Notifications;
import org.atrium.notifications.OutboxMail;
import org.atrium.platform.Ids;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The notification outbox and the in-app notifications: written in the caller's transaction, read by staff.
 * Delivery is {@link MailDispatcher}'s.
 */
@Service
class OutboxNotifications implements Notifications, MailOutbox {

    private static final Logger log = LoggerFactory.getLogger(OutboxNotifications.class);

    private static final RowMapper<InAppNotification> IN_APP = (rs, n) -> new InAppNotification(
            rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class), rs.getString("type"),
            rs.getString("title"), rs.getString("body"), rs.getTimestamp("created_at").toInstant(),
            instant(rs.getTimestamp("read_at")));

    private static final String MAIL_COLUMNS = """
            id, tenant_id, type, recipient, subject, status, attempts, last_error, created_at, next_attempt_at,
            delivered_at""";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final NotificationTemplates templates;

    OutboxNotifications(JdbcClient jdbc, Clock clock, NotificationTemplates templates) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.templates = templates;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean enqueue(NotificationRequest request) {
        RenderedNotification rendered = templates.render(request.type(), request.model());
        UUID id = Ids.newId(clock);
        Timestamp now = Timestamp.from(clock.instant());
        UUID tenant = request.tenant() == null ? null : request.tenant().value();
        // The outbox row and, for a tenant, its in-app notification in one statement: the second is written only
        // when the first is (a repeated dedupe key writes neither).
        int inserted = jdbc.sql("""
                with queued as (
                    insert into notification_outbox (id, dedupe_key, tenant_id, type, recipient, subject, body_html,
                                                     body_text, status, next_attempt_at, created_at)
                    values (:id, :dedupeKey, :tenant, :type, :recipient, :subject, :html, :text, :status, :now, :now)
                    on conflict (dedupe_key) do nothing
                    returning id, tenant_id
                ), shown as (
                    insert into in_app_notifications (id, tenant_id, notification_id, type, title, body, created_at)
                    select :inAppId, tenant_id, id, :type, :subject, :text, :now
                    from queued
                    where tenant_id is not null
                )
                select count(*) from queued
                """)
                .param("id", id).param("dedupeKey", request.dedupeKey()).param("tenant", tenant)
                .param("type", request.type().code()).param("recipient", request.recipient())
                .param("subject", rendered.subject()).param("html", rendered.html()).param("text", rendered.text())
                .param("status", request.recipient() == null ? "in_app_only" : MailStatus.PENDING.code())
                .param("now", now).param("inAppId", Ids.newId(clock)).query(Integer.class).single();
        if (inserted == 0) {
            log.debug("Notification {} was already enqueued; not again", request.dedupeKey());
            return false;
        }
        return true;
    }

    @Override
    public PageResponse<InAppNotification> inApp(TenantId tenant, boolean unreadOnly, PageRequest page) {
        String where = " where tenant_id = :tenant" + (unreadOnly ? " and read_at is null" : "");
        long total = jdbc.sql("select count(*) from in_app_notifications" + where).param("tenant", tenant.value())
                .query(Long.class).single();
        List<InAppNotification> items = jdbc.sql("select * from in_app_notifications" + where + " order by "
                + page.orderBy() + tieBreak(page) + " limit :limit offset :offset").param("tenant", tenant.value())
                .param("limit", page.size()).param("offset", page.offset()).query(IN_APP).list();
        return page.response(items, total);
    }

    @Override
    @Transactional
    public InAppNotification markRead(UUID id) {
        return jdbc.sql("""
                update in_app_notifications set read_at = coalesce(read_at, :now) where id = :id
                returning *
                """).param("now", Timestamp.from(clock.instant())).param("id", id).query(IN_APP).optional()
                .orElseThrow(() -> ProblemException.notFound("Notification", id.toString()));
    }

    @Override
    public PageResponse<OutboxMail> find(MailQuery query, PageRequest page) {
        StringBuilder where = new StringBuilder(" where status <> 'in_app_only'");
        Map<String, Object> params = new HashMap<>();
        if (query.tenantId() != null) {
            where.append(" and tenant_id = :tenant");
            params.put("tenant", query.tenantId());
        }
        if (query.type() != null) {
            where.append(" and type = :type");
            params.put("type", query.type().code());
        }
        if (query.status() != null) {
            where.append(" and status = :status");
            params.put("status", query.status().code());
        }
        long total = jdbc.sql("select count(*) from notification_outbox" + where).params(params).query(Long.class)
                .single();
        List<OutboxMail> items = jdbc.sql("select " + MAIL_COLUMNS + " from notification_outbox" + where
                + " order by " + page.orderBy() + tieBreak(page) + " limit :limit offset :offset").params(params)
                .param("limit", page.size()).param("offset", page.offset()).query((rs, n) -> mail(rs, null)).list();
        return page.response(items, total);
    }

    @Override
    public Optional<OutboxMail> find(UUID id) {
        return jdbc.sql("select " + MAIL_COLUMNS + ", body_html from notification_outbox"
                + " where id = :id and status <> 'in_app_only'").param("id", id)
                .query((rs, n) -> mail(rs, rs.getString("body_html"))).optional();
    }

    /** Ids are time-ordered, so they keep rows of the same instant in the order asked for. */
    private static String tieBreak(PageRequest page) {
        return page.descending() ? ", id desc" : ", id";
    }

    private static OutboxMail mail(ResultSet rs, @Nullable String body) throws SQLException {
        MailStatus status = MailStatus.fromCode(rs.getString("status"));
        return new OutboxMail(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getString("type"), rs.getString("recipient"), rs.getString("subject"), status,
                rs.getInt("attempts"), rs.getString("last_error"), rs.getTimestamp("created_at").toInstant(),
                status == MailStatus.PENDING ? instant(rs.getTimestamp("next_attempt_at")) : null,
                instant(rs.getTimestamp("delivered_at")), body);
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
