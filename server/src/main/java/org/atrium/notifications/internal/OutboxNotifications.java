package org.atrium.notifications.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
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
import org.atrium.platform.database.SqlArray;
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
    private final TenantTemplates overrides;
    private final BrandedMail branded;

    OutboxNotifications(JdbcClient jdbc, Clock clock, NotificationTemplates templates, TenantTemplates overrides,
            BrandedMail branded) {
        this.branded = branded;
        this.jdbc = jdbc;
        this.clock = clock;
        this.templates = templates;
        this.overrides = overrides;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean enqueue(NotificationRequest request) {
        return enqueueAll(List.of(request)).get(0);
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Boolean> enqueueAll(List<NotificationRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        List<Queued> rows = new ArrayList<>(requests.size());
        for (NotificationRequest request : requests) {
            RenderedNotification rendered = overrides.override(request.tenant(), request.type())
                    .map(text -> overrides.render(text, request.model()))
                    .orElseGet(() -> templates.render(request.type(), request.model()));
            rows.add(new Queued(Ids.newId(clock), Ids.newId(clock), request,
                    branded.apply(request.tenant(), rendered)));
        }
        Timestamp now = Timestamp.from(clock.instant());
        // The outbox rows and, for a tenant, their in-app notifications in one statement: an in-app row is written
        // only with its outbox row (a repeated dedupe key writes neither).
        Set<UUID> queued = new HashSet<>(jdbc.sql("""
                with queued as (
                    insert into notification_outbox (id, dedupe_key, tenant_id, type, recipient, subject, body_html,
                                                     body_text, status, next_attempt_at, created_at)
                    select id, dedupe_key, tenant_id, type, recipient, subject, html, text, status, :now, :now
                    from unnest(:ids, :keys, :tenants, :types, :recipients, :subjects, :htmls, :texts, :statuses)
                         with ordinality
                         as x(id, dedupe_key, tenant_id, type, recipient, subject, html, text, status, position)
                    order by position
                    on conflict (dedupe_key) do nothing
                    returning id, tenant_id, type, subject, body_text
                ), shown as (
                    insert into in_app_notifications (id, tenant_id, notification_id, type, title, body, created_at)
                    select x.in_app_id, q.tenant_id, q.id, q.type, q.subject, q.body_text, :now
                    from queued q
                    join unnest(:ids, :inAppIds) as x(id, in_app_id) on x.id = q.id
                    where q.tenant_id is not null
                )
                select id from queued
                """).param("now", now)
                .param("ids", SqlArray.of("uuid", rows, Queued::id))
                .param("keys", SqlArray.of("text", rows, r -> r.request().dedupeKey()))
                .param("tenants", SqlArray.of("uuid", rows,
                        r -> r.request().tenant() == null ? null : r.request().tenant().value()))
                .param("types", SqlArray.of("text", rows, r -> r.request().type().code()))
                .param("recipients", SqlArray.of("text", rows, r -> r.request().recipient()))
                .param("subjects", SqlArray.of("text", rows, r -> r.rendered().subject()))
                .param("htmls", SqlArray.of("text", rows, r -> r.rendered().html()))
                .param("texts", SqlArray.of("text", rows, r -> r.rendered().text()))
                .param("statuses", SqlArray.of("text", rows,
                        r -> r.request().recipient() == null ? "in_app_only" : MailStatus.PENDING.code()))
                .param("inAppIds", SqlArray.of("uuid", rows, Queued::inAppId))
                .query((rs, n) -> rs.getObject("id", UUID.class)).list());
        List<Boolean> results = new ArrayList<>(rows.size());
        for (Queued row : rows) {
            boolean done = queued.contains(row.id());
            if (!done) {
                log.debug("Notification {} was already enqueued; not again", row.request().dedupeKey());
            }
            results.add(done);
        }
        return results;
    }

    /** A notification about to be queued. */
    private record Queued(UUID id, UUID inAppId, NotificationRequest request, RenderedNotification rendered) {
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
    public InAppNotification markRead(TenantId tenant, UUID id) {
        return jdbc.sql("""
                update in_app_notifications set read_at = coalesce(read_at, :now)
                where tenant_id = :tenant and id = :id
                returning *
                """).param("now", Timestamp.from(clock.instant())).param("tenant", tenant.value()).param("id", id)
                .query(IN_APP).optional()
                .orElseThrow(() -> ProblemException.notFound("Notification", id.toString()));
    }

    @Override
    @Transactional
    public InAppNotification markReadOfAnyTenant(UUID id) {
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
