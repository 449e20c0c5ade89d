package org.atrium.notifications.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.notifications.NotificationTemplate;
import org.atrium.notifications.NotificationType;
import org.atrium.notifications.TemplateOverrides;
import org.atrium.notifications.TemplatePreview;
import org.atrium.notifications.TemplateText;
import org.atrium.notifications.TemplateVersion;
import org.atrium.platform.Actor;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

/**
 * Tenants' overrides: stored with their history, checked by {@link SafeTemplate}, cached per tenant for the
 * renderer (cleared on this node after a change commits; other nodes see it within 30 seconds).
 */
@Service
class TenantTemplates implements TemplateOverrides {

    static final int MAX_SUBJECT = 200;
    static final int MAX_BODY = 10_000;
    static final int MAX_SMS = 640;

    private static final Map<String, Object> SAMPLE = Map.ofEntries(Map.entry("planName", "Growth"),
            Map.entry("amount", "29.00 USD"), Map.entry("amountDue", "29.00 USD"), Map.entry("balance", "12.50 USD"),
            Map.entry("nextRenewalOn", "2027-01-06"), Map.entry("graceEndsOn", "2026-12-13"),
            Map.entry("startsOn", "2026-12-06"), Map.entry("endsOn", "2027-01-06"),
            Map.entry("invoiceNumber", "INV-2026-00042"), Map.entry("dueOn", "2026-12-20"),
            Map.entry("trialEndsOn", "2026-12-20"), Map.entry("metric", "max_shipments"),
            Map.entry("threshold", "80"), Map.entry("current", "400"), Map.entry("limit", "500"),
            Map.entry("periodStart", "2026-12-01"), Map.entry("periodEnd", "2026-12-31"),
            Map.entry("link", "https://portal.example.com/portal/invitations/sample"),
            Map.entry("expiresAt", "2026-12-08T10:00:00Z"), Map.entry("role", "tenant_staff"),
            Map.entry("title", "Sample"), Map.entry("detail", "Sample detail"),
            Map.entry("tenantName", "Acme Loans"));

    record Stored(TemplateText text, int version, Instant updatedAt, String updatedBy) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final String platformName;
    private final Properties defaults;
    private final LoadingCache<TenantId, Map<NotificationType, Stored>> cache;

    TenantTemplates(JdbcClient jdbc, Clock clock, AuditLog audit, NotificationSettings settings) throws IOException {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.platformName = settings.platformName();
        this.defaults = new Properties();
        try (InputStream in = TenantTemplates.class.getResourceAsStream("/notifications/defaults.properties")) {
            defaults.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        this.cache = Caffeine.newBuilder().maximumSize(20_000).expireAfterWrite(Duration.ofSeconds(30))
                .build(this::load);
    }

    private Map<NotificationType, Stored> load(TenantId tenant) {
        Map<NotificationType, Stored> map = new HashMap<>();
        jdbc.sql("select * from notification_template_overrides where tenant_id = :tenant")
                .param("tenant", tenant.value()).query(rs -> {
                    map.put(NotificationType.fromCode(rs.getString("type")), new Stored(
                            new TemplateText(rs.getString("subject"), rs.getString("body"), rs.getString("sms")),
                            rs.getInt("version"), rs.getTimestamp("updated_at").toInstant(),
                            rs.getString("updated_by")));
                });
        return map;
    }

    /** The tenant's override of a type, if any, for the renderer. */
    Optional<TemplateText> override(@Nullable TenantId tenant, NotificationType type) {
        if (tenant == null || !type.tenantOverridable()) {
            return Optional.empty();
        }
        return Optional.ofNullable(cache.get(tenant).get(type)).map(Stored::text);
    }

    /** The default texts of a type (SMS always comes from here unless overridden). */
    TemplateText defaults(NotificationType type) {
        return new TemplateText(defaults.getProperty(type.code() + ".subject", type.code()),
                defaults.getProperty(type.code() + ".text", ""), defaults.getProperty(type.code() + ".sms", ""));
    }

    /** Renders a text with the model (plus the platform's name). */
    RenderedNotification render(TemplateText text, Map<String, @Nullable Object> model) {
        Map<String, @Nullable Object> values = new HashMap<>(model);
        values.put("platformName", platformName);
        String subject = SafeTemplate.render(text.subject(), values, SafeTemplate.Kind.TEXT).replaceAll("\\s+", " ")
                .strip();
        String body = SafeTemplate.render(text.body(), values, SafeTemplate.Kind.TEXT);
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"><title>"
                + org.springframework.web.util.HtmlUtils.htmlEscape(subject) + "</title></head><body>\n"
                + SafeTemplate.paragraphs(body) + "</body></html>\n";
        String summary = body.replaceAll("\\s+", " ").strip();
        return new RenderedNotification(subject.isEmpty() ? "(no subject)" : subject, html,
                summary.isEmpty() ? subject : summary);
    }

    @Override
    public List<NotificationTemplate> list(TenantId tenant) {
        return Arrays.stream(NotificationType.values()).filter(NotificationType::tenantOverridable)
                .map(type -> get(tenant, type)).toList();
    }

    @Override
    public NotificationTemplate get(TenantId tenant, NotificationType type) {
        requireOverridable(type);
        Stored o = load(tenant).get(type);
        TemplateText defaults = defaults(type);
        return o == null
                ? new NotificationTemplate(type, false, 0, defaults, defaults, type.variables(), null, null)
                : new NotificationTemplate(type, true, o.version(), o.text(), defaults, type.variables(),
                        o.updatedAt(), o.updatedBy());
    }

    @Override
    @Transactional
    public NotificationTemplate save(TenantId tenant, NotificationType type, TemplateText text,
            @Nullable Integer expectedVersion) {
        requireOverridable(type);
        TemplateText checked = checked(type, text);
        int current = lockedVersion(tenant, type);
        if (expectedVersion != null && expectedVersion != current) {
            throw new ProblemException(HttpStatus.PRECONDITION_FAILED, "stale-version",
                    "The template is at version %d, not %d".formatted(current, expectedVersion),
                    Map.of("currentVersion", current));
        }
        int version = nextVersion(tenant, type);
        Instant now = clock.instant();
        String by = Actor.current().display();
        jdbc.sql("""
                insert into notification_template_overrides (tenant_id, type, subject, body, sms, version, updated_at,
                    updated_by)
                values (:tenant, :type, :subject, :body, :sms, :version, :now, :by)
                on conflict (tenant_id, type) do update set subject = excluded.subject, body = excluded.body,
                    sms = excluded.sms, version = excluded.version, updated_at = excluded.updated_at,
                    updated_by = excluded.updated_by
                """).param("tenant", tenant.value()).param("type", type.code()).param("subject", checked.subject())
                .param("body", checked.body()).param("sms", checked.sms()).param("version", version)
                .param("now", Timestamp.from(now)).param("by", by).update();
        history(tenant, type, version, "saved", checked, now, by);
        audit.record(AuditEntry.of("notification_template.saved", tenant, type.code(), null,
                Map.of("version", version)));
        changed(tenant);
        return get(tenant, type);
    }

    @Override
    @Transactional
    public NotificationTemplate reset(TenantId tenant, NotificationType type) {
        requireOverridable(type);
        int current = lockedVersion(tenant, type);
        if (current > 0) {
            jdbc.sql("delete from notification_template_overrides where tenant_id = :tenant and type = :type")
                    .param("tenant", tenant.value()).param("type", type.code()).update();
            Instant now = clock.instant();
            history(tenant, type, nextVersion(tenant, type), "reset", null, now, Actor.current().display());
            audit.record(AuditEntry.of("notification_template.reset", tenant, type.code(),
                    Map.of("version", current), null));
            changed(tenant);
        }
        return get(tenant, type);
    }

    @Override
    public TemplatePreview preview(TenantId tenant, NotificationType type, @Nullable TemplateText text) {
        requireOverridable(type);
        TemplateText shown = text == null ? get(tenant, type).text() : checked(type, text);
        Map<String, @Nullable Object> sample = new LinkedHashMap<>();
        for (String variable : type.variables()) {
            sample.put(variable, SAMPLE.getOrDefault(variable, variable));
        }
        RenderedNotification rendered = render(shown, sample);
        Map<String, @Nullable Object> values = new HashMap<>(sample);
        values.put("platformName", platformName);
        String body = SafeTemplate.render(shown.body(), values, SafeTemplate.Kind.TEXT);
        return new TemplatePreview(rendered.subject(), rendered.html(), SafeTemplate.paragraphList(body), body,
                SafeTemplate.render(shown.sms(), values, SafeTemplate.Kind.TEXT));
    }

    @Override
    public PageResponse<TemplateVersion> history(TenantId tenant, NotificationType type, PageRequest page) {
        long total = jdbc.sql("select count(*) from notification_template_history where tenant_id = :tenant"
                + " and type = :type").param("tenant", tenant.value()).param("type", type.code()).query(Long.class)
                .single();
        List<TemplateVersion> items = jdbc.sql("""
                select * from notification_template_history where tenant_id = :tenant and type = :type
                order by version desc limit :limit offset :offset
                """).param("tenant", tenant.value()).param("type", type.code()).param("limit", page.size())
                .param("offset", page.offset())
                .query((rs, n) -> new TemplateVersion(rs.getInt("version"), rs.getString("action"),
                        rs.getString("subject") == null ? null
                                : new TemplateText(rs.getString("subject"), rs.getString("body"), rs.getString("sms")),
                        rs.getTimestamp("changed_at").toInstant(), rs.getString("changed_by")))
                .list();
        return page.response(items, total);
    }

    private static TemplateText checked(NotificationType type, TemplateText text) {
        String subject = text.subject() == null ? "" : text.subject().strip();
        String body = text.body() == null ? "" : text.body().replace("\r\n", "\n").strip();
        String sms = text.sms() == null ? "" : text.sms().strip();
        if (subject.isEmpty() || subject.length() > MAX_SUBJECT || subject.contains("\n")) {
            throw ProblemException.invalidField("subject", "1 to " + MAX_SUBJECT + " characters on one line");
        }
        if (body.isEmpty() || body.length() > MAX_BODY) {
            throw ProblemException.invalidField("body", "1 to " + MAX_BODY + " characters");
        }
        if (sms.length() > MAX_SMS) {
            throw ProblemException.invalidField("sms", "at most " + MAX_SMS + " characters");
        }
        SafeTemplate.check("subject", subject, type.variables());
        SafeTemplate.check("body", body, type.variables());
        SafeTemplate.check("sms", sms, type.variables());
        return new TemplateText(subject, body, sms);
    }

    private int lockedVersion(TenantId tenant, NotificationType type) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('template:' || :key, 0))")
                .param("key", tenant.value() + ":" + type.code()).query((rs, n) -> 1).single();
        return jdbc.sql("select version from notification_template_overrides where tenant_id = :tenant and type = :type")
                .param("tenant", tenant.value()).param("type", type.code()).query(Integer.class).optional()
                .orElse(0);
    }

    private int nextVersion(TenantId tenant, NotificationType type) {
        return jdbc.sql("select coalesce(max(version), 0) + 1 from notification_template_history"
                + " where tenant_id = :tenant and type = :type").param("tenant", tenant.value())
                .param("type", type.code()).query(Integer.class).single();
    }

    private void history(TenantId tenant, NotificationType type, int version, String action,
            @Nullable TemplateText text, Instant now, String by) {
        jdbc.sql("""
                insert into notification_template_history (tenant_id, type, version, action, subject, body, sms,
                    changed_at, changed_by)
                values (:tenant, :type, :version, :action, :subject, :body, :sms, :now, :by)
                """).param("tenant", tenant.value()).param("type", type.code()).param("version", version)
                .param("action", action).param("subject", text == null ? null : text.subject())
                .param("body", text == null ? null : text.body()).param("sms", text == null ? null : text.sms())
                .param("now", Timestamp.from(now)).param("by", by).update();
    }

    private void changed(TenantId tenant) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                cache.invalidate(tenant);
            }
        });
    }

    private static void requireOverridable(NotificationType type) {
        if (!type.tenantOverridable()) {
            throw ProblemException.notFound("Notification template", type.code());
        }
    }

}
