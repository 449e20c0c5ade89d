package org.atrium.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.identity.ImpersonationContext;
import org.atrium.identity.Impersonations;
import org.atrium.platform.Actor;
import org.atrium.platform.Ids;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff acting in a tenant's portal as its admin: for at most 30 minutes, with a reason, audited at start and end.
 * The start hands out a single-use link that opens the portal session; the session carries both identities, and it
 * ends on demand, at expiry, or when the staff member's HQ session (if it was started from one) ends.
 */
@Service
class ImpersonationService implements Impersonations {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final Tenants tenants;
    private final SecurityAlerts alerts;
    private final BrowserSessions sessions;

    ImpersonationService(JdbcClient jdbc, Clock clock, AuditLog audit, Tenants tenants, SecurityAlerts alerts,
            BrowserSessions sessions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.tenants = tenants;
        this.alerts = alerts;
        this.sessions = sessions;
    }

    @Override
    @Transactional
    public Started start(String slug, @Nullable UUID userId, String reason, int minutes,
            @Nullable String staffSessionId) {
        Actor actor = Actor.current();
        if (actor.type() != Actor.Type.STAFF || ImpersonationContext.current().isPresent()) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden",
                    "Only a staff member signed in as themselves can start an impersonation");
        }
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw ProblemException.invalidField("reason", "is required, at most 500 characters");
        }
        if (minutes < 1 || minutes > MAX_DURATION.toMinutes()) {
            throw ProblemException.invalidField("minutes", "must be between 1 and " + MAX_DURATION.toMinutes());
        }
        Tenant tenant = tenants.requireBySlug(slug);
        record Admin(UUID id, String email) {
        }
        // A named user must be an active admin of this tenant; whoever else it names, the answer is the same 404.
        Admin admin = jdbc.sql("""
                select id, email from tenant_users where tenant_id = :t and role = 'tenant_admin' and active
                  and (cast(:user as uuid) is null or id = :user)
                order by created_at, id limit 1
                """).param("t", tenant.id().value()).param("user", userId)
                .query((rs, n) -> new Admin(rs.getObject("id", UUID.class), rs.getString("email"))).optional()
                .orElseThrow(() -> userId != null ? ProblemException.notFound("Tenant admin", userId.toString())
                        : ProblemException.conflict("no-tenant-admin",
                                "Tenant '%s' has no active admin to impersonate".formatted(slug)));
        Instant now = clock.instant();
        UUID id = Ids.newId(clock);
        String token = Tokens.newToken();
        Instant expires = now.plus(Duration.ofMinutes(minutes));
        jdbc.sql("""
                insert into impersonations (tenant_id, id, staff_id, staff_email, user_id, user_email, reason,
                    token_hash, staff_session, created_at, expires_at)
                values (:t, :id, :staff, :staffEmail, :user, :userEmail, :reason, :hash, :session, :now, :expires)
                """).param("t", tenant.id().value()).param("id", id).param("staff", UUID.fromString(actor.id()))
                .param("staffEmail", actor.display()).param("user", admin.id()).param("userEmail", admin.email())
                .param("reason", reason.trim()).param("hash", Tokens.hash(token)).param("session", staffSessionId)
                .param("now", Timestamp.from(now)).param("expires", Timestamp.from(expires)).update();
        View view = find(tenant.id(), id).orElseThrow();
        audit.record(AuditEntry.of("impersonation.started", tenant.id(), slug, null, auditState(view)));
        alerts.raise("impersonation", "impersonation:" + id, "Impersonation started",
                "%s started impersonating %s in tenant %s for %d minutes: %s".formatted(actor.display(),
                        admin.email(), slug, minutes, reason.trim()));
        return new Started(view, "/t/" + slug + "/portal/impersonation/" + token);
    }

    /** Uses an impersonation's one-time link: the impersonation to open, if the link is live. */
    @Transactional
    Optional<View> open(TenantId tenant, String token) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<UUID> id = jdbc.sql("""
                update impersonations set opened_at = :now
                where token_hash = :hash and tenant_id = :t and opened_at is null and ended_at is null
                  and expires_at > :now
                returning id
                """).param("now", Timestamp.from(now)).param("hash", Tokens.hash(token)).param("t", tenant.value())
                .query(UUID.class).optional();
        return id.flatMap(i -> find(tenant, i));
    }

    /** The context of a live impersonation; one that has run out is ended (and audited) and gives nothing. */
    @Transactional
    Optional<ImpersonationContext> live(TenantId tenant, UUID id) {
        Optional<Row> row = row(tenant, id);
        if (row.isEmpty() || row.get().view().endedAt() != null) {
            return Optional.empty();
        }
        View view = row.get().view();
        if (!clock.instant().isBefore(view.expiresAt())) {
            end(tenant, id, "expired");
            return Optional.empty();
        }
        if (row.get().staffSession() != null && !sessions.exists(row.get().staffSession())) {
            end(tenant, id, "staff_session_ended");
            return Optional.empty();
        }
        return Optional.of(new ImpersonationContext(id, row.get().staffId(), view.staffEmail(), row.get().userId(),
                view.userEmail(), view.reason(), view.expiresAt()));
    }

    @Override
    @Transactional
    public Optional<View> end(TenantId tenant, UUID id, String reason) {
        int ended = jdbc.sql("""
                update impersonations set ended_at = :now, end_reason = :reason
                where tenant_id = :t and id = :id and ended_at is null
                """).param("now", Timestamp.from(clock.instant())).param("reason", reason).param("t", tenant.value())
                .param("id", id).update();
        Optional<View> view = find(tenant, id);
        if (ended == 1 && view.isPresent()) {
            audit.record(AuditEntry.of("impersonation.ended", tenant, id.toString(), null, auditState(view.get())));
        }
        return view;
    }

    @Override
    public List<View> list(TenantId tenant) {
        return jdbc.sql("select * from impersonations where tenant_id = :t order by created_at desc limit 200")
                .param("t", tenant.value()).query((rs, n) -> map(rs).view()).list();
    }

    @Override
    public Optional<View> find(TenantId tenant, UUID id) {
        return row(tenant, id).map(Row::view);
    }

    private Optional<Row> row(TenantId tenant, UUID id) {
        return jdbc.sql("select * from impersonations where tenant_id = :t and id = :id").param("t", tenant.value())
                .param("id", id).query((rs, n) -> map(rs)).optional();
    }

    private static Map<String, Object> auditState(View view) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", view.id().toString());
        state.put("staff", view.staffEmail());
        state.put("onBehalfOf", view.userEmail());
        state.put("reason", view.reason());
        state.put("expiresAt", view.expiresAt().toString());
        if (view.endReason() != null) {
            state.put("endReason", view.endReason());
        }
        return state;
    }

    private record Row(View view, UUID staffId, UUID userId, @Nullable String staffSession) {
    }

    private static Row map(ResultSet rs) throws SQLException {
        View view = new View(rs.getObject("id", UUID.class), rs.getString("staff_email"), rs.getString("user_email"),
                rs.getString("reason"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant(), instant(rs.getTimestamp("opened_at")),
                instant(rs.getTimestamp("ended_at")), rs.getString("end_reason"));
        return new Row(view, rs.getObject("staff_id", UUID.class), rs.getObject("user_id", UUID.class),
                rs.getString("staff_session"));
    }

    private static @Nullable Instant instant(@Nullable Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
