package org.atrium.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.entitlements.CheckResult;
import org.atrium.entitlements.Entitlements;
import org.atrium.identity.ImpersonationContext;
import org.atrium.identity.TenantRole;
import org.atrium.identity.TenantUser;
import org.atrium.metering.Metering;
import org.atrium.metering.UsageEvent;
import org.atrium.notifications.NotificationRequest;
import org.atrium.notifications.NotificationType;
import org.atrium.notifications.Notifications;
import org.atrium.platform.Ids;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.TenantCreated;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A tenant's team: the first admin created with the tenant, invitations (single-use, 7 days), roles, removal, and
 * passwords set or reset only through single-use links mailed to the user (30 minutes for a reset). Nobody but the
 * user ever sees or chooses their password. Active users are the {@code max_users} level: it rises when an
 * invitation is accepted and falls when a user is removed; an invitation is refused when active users and open
 * invitations together already fill the plan's limit.
 */
@Service
class TenantUsers {

    static final String METRIC = "max_users";
    static final Duration INVITATION_LIFETIME = Duration.ofDays(7);
    static final Duration RESET_LIFETIME = Duration.ofMinutes(30);
    static final Duration FIRST_PASSWORD_LIFETIME = Duration.ofDays(7);
    static final int MAX_NAME = 200;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final Tenants tenants;
    private final Entitlements entitlements;
    private final Metering metering;
    private final Notifications notifications;
    private final PasswordEncoder passwords;
    private final PasswordPolicy policy;
    private final BrowserSessions sessions;
    private final TrustedDevices devices;
    private final Accounts accounts;
    private final PasswordLinks links;
    private final String publicUrl;

    TenantUsers(JdbcClient jdbc, Clock clock, AuditLog audit, Tenants tenants, Entitlements entitlements,
            Metering metering, Notifications notifications, PasswordEncoder passwords, PasswordPolicy policy,
            BrowserSessions sessions, TrustedDevices devices, Accounts accounts, PasswordLinks links,
            @Value("${atrium.public-url:http://localhost:8080}") String publicUrl) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.tenants = tenants;
        this.entitlements = entitlements;
        this.metering = metering;
        this.notifications = notifications;
        this.passwords = passwords;
        this.policy = policy;
        this.sessions = sessions;
        this.devices = devices;
        this.accounts = accounts;
        this.links = links;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** An invitation as the team page shows it (never its token). */
    record Invitation(UUID id, String email, TenantRole role, String invitedBy, Instant createdAt, Instant expiresAt,
            @Nullable Instant acceptedAt, @Nullable Instant revokedAt) {

        boolean open(Instant now) {
            return acceptedAt == null && revokedAt == null && now.isBefore(expiresAt);
        }
    }

    /** The new tenant's first admin, with no password yet: a link to choose one goes to their address. */
    @EventListener
    void onTenantCreated(TenantCreated event) {
        if (event.adminEmail() == null) {
            return;
        }
        UUID id = Ids.newId(clock);
        insertUser(event.tenantId(), id, event.adminEmail().trim(), "Admin", TenantRole.TENANT_ADMIN);
        metering.record(List.of(new UsageEvent(event.tenantId(), METRIC, 1L, null, null, "user-added:" + id)));
        audit.record(AuditEntry.of("tenant_user.created", event.tenantId(), event.adminEmail(), null,
                Map.of("role", TenantRole.TENANT_ADMIN.code(), "first", true)));
        sendPasswordLink(event.tenantId(), event.slug(), id, event.adminEmail().trim(), "set",
                FIRST_PASSWORD_LIFETIME, NotificationType.PASSWORD_SET_LINK);
    }

    List<TenantUser> list(TenantId tenant) {
        return jdbc.sql("select * from tenant_users where tenant_id = :t and active order by created_at")
                .param("t", tenant.value()).query((rs, n) -> user(rs)).list();
    }

    Optional<TenantUser> find(TenantId tenant, UUID id) {
        return jdbc.sql("select * from tenant_users where tenant_id = :t and id = :id").param("t", tenant.value())
                .param("id", id).query((rs, n) -> user(rs)).optional();
    }

    List<Invitation> invitations(TenantId tenant) {
        return jdbc.sql("select * from tenant_invitations where tenant_id = :t order by created_at desc limit 200")
                .param("t", tenant.value()).query((rs, n) -> invitation(rs)).list();
    }

    @Transactional
    Invitation invite(TenantId tenant, String email, String roleCode, String invitedBy) {
        String address = requireEmail(email);
        TenantRole role = role(roleCode);
        Tenant t = tenants.require(tenant);
        boolean member = jdbc.sql("""
                select exists(select 1 from tenant_users where tenant_id = :t and lower(email) = lower(:e) and active)
                """).param("t", tenant.value()).param("e", address).query(Boolean.class).single();
        if (member) {
            throw ProblemException.conflict("duplicate", "'%s' is already a member of this team".formatted(address));
        }
        Instant now = clock.instant();
        jdbc.sql("""
                update tenant_invitations set revoked_at = :now
                where tenant_id = :t and lower(email) = lower(:e) and accepted_at is null and revoked_at is null
                  and expires_at <= :now
                """).param("now", Timestamp.from(now)).param("t", tenant.value()).param("e", address).update();
        boolean pending = jdbc.sql("""
                select exists(select 1 from tenant_invitations where tenant_id = :t and lower(email) = lower(:e)
                              and accepted_at is null and revoked_at is null)
                """).param("t", tenant.value()).param("e", address).query(Boolean.class).single();
        if (pending) {
            throw ProblemException.conflict("duplicate",
                    "'%s' already has an open invitation; resend or revoke it".formatted(address));
        }
        int open = jdbc.sql("""
                select count(*) from tenant_invitations
                where tenant_id = :t and accepted_at is null and revoked_at is null and expires_at > :now
                """).param("t", tenant.value()).param("now", Timestamp.from(now)).query(Integer.class).single();
        CheckResult check = entitlements.check(tenant, METRIC, open + 1L, false);
        if (!check.allowed()) {
            long limit = check.limit() == null ? 0 : check.limit();
            long current = check.current() == null ? 0 : check.current();
            if (CheckResult.LIMIT_EXCEEDED.equals(check.reason())) {
                throw new ProblemException(HttpStatus.FORBIDDEN, "limit-exceeded",
                        "The plan allows %d users; %d are members and %d invitations are open".formatted(limit,
                                current, open),
                        Map.of("metric", METRIC, "current", current, "limit", limit, "openInvitations", open));
            }
            entitlements.requireWriteAllowed(tenant);
        }
        UUID id = Ids.newId(clock);
        String token = Tokens.newToken();
        Instant expires = now.plus(INVITATION_LIFETIME);
        jdbc.sql("""
                insert into tenant_invitations (tenant_id, id, email, role, token_hash, invited_by, created_at, expires_at)
                values (:t, :id, :email, :role, :hash, :by, :now, :expires)
                """).param("t", tenant.value()).param("id", id).param("email", address).param("role", role.code())
                .param("hash", Tokens.hash(token)).param("by", invitedBy).param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(expires)).update();
        mailInvitation(t, id, address, role, token, expires);
        Invitation invitation = invitation(tenant, id).orElseThrow();
        audit.record(AuditEntry.of("tenant_user.invitation_sent", tenant, address, null,
                withImpersonation(Map.of("role", role.code(), "invitation", id.toString()))));
        return invitation;
    }

    /** A new token and expiry for an open invitation; the old link stops working. */
    @Transactional
    Invitation resend(TenantId tenant, UUID id) {
        Invitation existing = invitation(tenant, id).filter(i -> i.acceptedAt() == null && i.revokedAt() == null)
                .orElseThrow(() -> ProblemException.notFound("Open invitation", id.toString()));
        String token = Tokens.newToken();
        Instant expires = clock.instant().plus(INVITATION_LIFETIME);
        jdbc.sql("update tenant_invitations set token_hash = :hash, expires_at = :expires where tenant_id = :t and id = :id")
                .param("hash", Tokens.hash(token)).param("expires", Timestamp.from(expires)).param("t", tenant.value())
                .param("id", id).update();
        mailInvitation(tenants.require(tenant), id, existing.email(), existing.role(), token, expires);
        audit.record(AuditEntry.of("tenant_user.invitation_sent", tenant, existing.email(), null,
                withImpersonation(Map.of("role", existing.role().code(), "invitation", id.toString(), "resent", true))));
        return invitation(tenant, id).orElseThrow();
    }

    @Transactional
    void revokeInvitation(TenantId tenant, UUID id) {
        Invitation existing = invitation(tenant, id).filter(i -> i.acceptedAt() == null && i.revokedAt() == null)
                .orElseThrow(() -> ProblemException.notFound("Open invitation", id.toString()));
        jdbc.sql("update tenant_invitations set revoked_at = :now where tenant_id = :t and id = :id")
                .param("now", Timestamp.from(clock.instant())).param("t", tenant.value()).param("id", id).update();
        audit.record(AuditEntry.of("tenant_user.invitation_revoked", tenant, existing.email(), null,
                withImpersonation(Map.of("invitation", id.toString()))));
    }

    /** The open invitation a link names, for the acceptance page (empty for a used, expired or forged link). */
    Optional<Invitation> openInvitation(TenantId tenant, String token) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return jdbc.sql("select * from tenant_invitations where tenant_id = :t and token_hash = :hash")
                .param("t", tenant.value()).param("hash", Tokens.hash(token)).query((rs, n) -> invitation(rs))
                .optional().filter(i -> i.open(now));
    }

    /**
     * Accepts an invitation: the user joins with the name and password they choose; the {@code max_users} level
     * rises (refused with the limit problem when the plan is full by now).
     */
    @Transactional
    TenantUser accept(TenantId tenant, String token, String name, String password) {
        Invitation invitation = openInvitation(tenant, token)
                .orElseThrow(() -> ProblemException.badRequest("invalid-token",
                        "This invitation link is not valid: it was used, revoked, replaced or has expired"));
        String cleanName = requireName(name);
        policy.check(password, invitation.email());
        int accepted = jdbc.sql("""
                update tenant_invitations set accepted_at = :now
                where tenant_id = :t and id = :id and accepted_at is null and revoked_at is null
                """).param("now", Timestamp.from(clock.instant())).param("t", tenant.value())
                .param("id", invitation.id()).update();
        if (accepted == 0) {
            throw ProblemException.badRequest("invalid-token", "This invitation link was used already");
        }
        entitlements.consumeOrRefuse(tenant, METRIC, 1);
        Optional<UUID> former = jdbc.sql("""
                select id from tenant_users where tenant_id = :t and lower(email) = lower(:e) and not active
                """).param("t", tenant.value()).param("e", invitation.email()).query(UUID.class).optional();
        UUID id;
        if (former.isPresent()) {
            id = former.get();
            jdbc.sql("""
                    update tenant_users set active = true, name = :name, role = :role, failed_attempts = 0,
                        locked_until = null, totp_secret = null, totp_enabled_at = null, totp_last_step = null
                    where tenant_id = :t and id = :id
                    """).param("name", cleanName).param("role", invitation.role().code()).param("t", tenant.value())
                    .param("id", id).update();
        } else {
            id = Ids.newId(clock);
            insertUser(tenant, id, invitation.email(), cleanName, invitation.role());
        }
        jdbc.sql("update tenant_users set password_hash = :hash where tenant_id = :t and id = :id")
                .param("hash", passwords.encode(password)).param("t", tenant.value()).param("id", id).update();
        audit.record(AuditEntry.of("tenant_user.invitation_accepted", tenant, invitation.email(), null,
                Map.of("role", invitation.role().code(), "invitation", invitation.id().toString())));
        return find(tenant, id).orElseThrow();
    }

    @Transactional
    TenantUser changeRole(TenantId tenant, UUID id, String roleCode) {
        TenantRole role = role(roleCode);
        TenantUser user = lockActive(tenant, id);
        if (user.role() == TenantRole.TENANT_ADMIN && role != TenantRole.TENANT_ADMIN) {
            requireAnotherAdmin(tenant, id);
        }
        jdbc.sql("update tenant_users set role = :role where tenant_id = :t and id = :id").param("role", role.code())
                .param("t", tenant.value()).param("id", id).update();
        audit.record(AuditEntry.of("tenant_user.role_changed", tenant, user.email(),
                Map.of("role", user.role().code()), withImpersonation(Map.of("role", role.code()))));
        return find(tenant, id).orElseThrow();
    }

    /** Removes a member: deactivated (history keeps their name), sessions ended, the level falls by one. */
    @Transactional
    void remove(TenantId tenant, UUID id) {
        TenantUser user = lockActive(tenant, id);
        if (user.role() == TenantRole.TENANT_ADMIN) {
            requireAnotherAdmin(tenant, id);
        }
        jdbc.sql("update tenant_users set active = false where tenant_id = :t and id = :id").param("t", tenant.value())
                .param("id", id).update();
        metering.record(List.of(new UsageEvent(tenant, METRIC, -1L, null, null,
                "user-removed:" + id + ":" + clock.instant().toEpochMilli())));
        sessions.revokeAll(Realm.TENANT, id, null);
        devices.forgetAll(Realm.TENANT, id);
        audit.record(AuditEntry.of("tenant_user.removed", tenant, user.email(), Map.of("role", user.role().code()),
                withImpersonation(Map.of())));
    }

    /**
     * A reset link for whoever owns the address, if it is a member: the caller answers the same either way, so the
     * answer tells nobody whether the address has an account.
     */
    @Transactional
    void requestPasswordReset(TenantId tenant, String email) {
        if (email == null || email.isBlank() || email.length() > BrowserLogins.MAX_EMAIL) {
            return;
        }
        Tenant t = tenants.require(tenant);
        Optional<Account> account = accounts.byEmail(Realm.TENANT, tenant.value(), email.trim(), false)
                .filter(Account::active);
        audit.record(AuditEntry.of("tenant_user.password_reset_requested", tenant, email.trim(), null,
                Map.of("known", account.isPresent())));
        account.ifPresent(a -> sendPasswordLink(tenant, t.slug(), a.id(), a.email(), "reset", RESET_LIFETIME,
                NotificationType.PASSWORD_RESET_LINK));
    }

    /** Staff reset a member's credentials only by sending them a link (30 minutes): they never see a password. */
    @Transactional
    void sendCredentialReset(TenantId tenant, UUID id) {
        TenantUser user = find(tenant, id).filter(TenantUser::active)
                .orElseThrow(() -> ProblemException.notFound("Tenant user", id.toString()));
        sendPasswordLink(tenant, tenants.require(tenant).slug(), id, user.email(), "reset", RESET_LIFETIME,
                NotificationType.PASSWORD_RESET_LINK);
        audit.record(AuditEntry.of("tenant_user.password_reset_requested", tenant, user.email(), null,
                Map.of("by", "staff")));
    }

    /** Whether a password link is live (for showing its form). */
    boolean passwordLinkValid(TenantId tenant, String token) {
        return links.live(Realm.TENANT, tenant.value(), token);
    }

    /** A password link used: whose password it set, and whether it was the first one (which proves the address). */
    record PasswordSet(String email, boolean first) {
    }

    /**
     * Uses a password link: the new password replaces the old one, every session of the user ends and every
     * remembered device is forgotten, and the link cannot be used again.
     */
    @Transactional
    PasswordSet completePasswordReset(TenantId tenant, String token, String password) {
        PasswordLinks.Claim claim = links.claim(Realm.TENANT, tenant.value(), token)
                .orElseThrow(TenantUsers::invalidLink);
        Account account = accounts.byId(Realm.TENANT, tenant.value(), claim.account(), true)
                .filter(Account::active).orElseThrow(TenantUsers::invalidLink);
        policy.check(password, account.email());
        links.spendAll(Realm.TENANT, account.id());
        accounts.setPasswordHash(account, passwords.encode(password));
        sessions.revokeAll(Realm.TENANT, account.id(), null);
        devices.forgetAll(Realm.TENANT, account.id());
        org.atrium.platform.Actor.callAs(new org.atrium.platform.Actor(org.atrium.platform.Actor.Type.TENANT_USER,
                account.id().toString(), account.email()), () -> {
                    audit.record(AuditEntry.of("tenant_user.password_reset_completed", tenant, account.email(), null,
                            Map.of("purpose", claim.purpose())));
                    return null;
                });
        return new PasswordSet(account.email(), "set".equals(claim.purpose()));
    }

    private void sendPasswordLink(TenantId tenant, String slug, UUID account, String email, String purpose,
            Duration lifetime, NotificationType type) {
        Instant expires = clock.instant().plus(lifetime);
        String token = links.issue(Realm.TENANT, tenant.value(), account, purpose, expires);
        // Mailed to the user only (no tenant): a tenant's notifications are listed to its team in the portal, and the
        // link must reach nobody else.
        notifications.enqueue(new NotificationRequest("password-link:" + Tokens.hash(token), null, type, email,
                Map.of("link", publicUrl + "/t/" + slug + "/portal/password-reset/" + token, "expiresAt",
                        expires.toString())));
    }

    private void mailInvitation(Tenant tenant, UUID id, String email, TenantRole role, String token,
            Instant expires) {
        notifications.enqueue(new NotificationRequest("invitation:" + Tokens.hash(token), null,
                NotificationType.INVITATION, email,
                Map.of("link", publicUrl + "/t/" + tenant.slug() + "/portal/invitations/" + token, "role",
                        role.code(), "expiresAt", expires.toString())));
    }

    private void insertUser(TenantId tenant, UUID id, String email, String name, TenantRole role) {
        jdbc.sql("""
                insert into tenant_users (tenant_id, id, email, name, role, created_at)
                values (:t, :id, :email, :name, :role, :now)
                """).param("t", tenant.value()).param("id", id).param("email", email).param("name", name)
                .param("role", role.code()).param("now", Timestamp.from(clock.instant())).update();
    }

    private TenantUser lockActive(TenantId tenant, UUID id) {
        jdbc.sql("select id from tenant_users where tenant_id = :t and role = 'tenant_admin' and active for update")
                .param("t", tenant.value()).query(UUID.class).list();
        return find(tenant, id).filter(TenantUser::active)
                .orElseThrow(() -> ProblemException.notFound("Tenant user", id.toString()));
    }

    private void requireAnotherAdmin(TenantId tenant, UUID id) {
        int others = jdbc.sql("""
                select count(*) from tenant_users where tenant_id = :t and role = 'tenant_admin' and active and id <> :id
                """).param("t", tenant.value()).param("id", id).query(Integer.class).single();
        if (others == 0) {
            throw ProblemException.conflict("last-admin", "A team keeps at least one tenant_admin");
        }
    }

    private Optional<Invitation> invitation(TenantId tenant, UUID id) {
        return jdbc.sql("select * from tenant_invitations where tenant_id = :t and id = :id")
                .param("t", tenant.value()).param("id", id).query((rs, n) -> invitation(rs)).optional();
    }

    private static Map<String, Object> withImpersonation(Map<String, Object> details) {
        Map<String, Object> all = new LinkedHashMap<>(details);
        ImpersonationContext.current().ifPresent(i -> all.put("onBehalfOf", i.userEmail()));
        return all;
    }

    static String requireEmail(String email) {
        String address = email == null ? "" : email.trim();
        if (address.isEmpty() || address.length() > BrowserLogins.MAX_EMAIL
                || !address.matches("[^@\\s<>\"]+@[^@\\s<>\"]+\\.[^@\\s<>\"]+")) {
            throw ProblemException.invalidField("email", "is not an email address");
        }
        return address.toLowerCase(Locale.ROOT);
    }

    private static String requireName(String name) {
        String clean = name == null ? "" : name.trim();
        if (clean.isEmpty() || clean.length() > MAX_NAME) {
            throw ProblemException.invalidField("name", "is required, at most " + MAX_NAME + " characters");
        }
        return clean;
    }

    private static TenantRole role(String code) {
        try {
            return TenantRole.fromCode(code == null ? "" : code);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("role", "must be one of tenant_admin, tenant_staff, tenant_readonly");
        }
    }

    private static ProblemException invalidLink() {
        return ProblemException.badRequest("invalid-token",
                "This link is not valid: it was used, replaced or has expired");
    }

    private static TenantUser user(ResultSet rs) throws SQLException {
        Timestamp last = rs.getTimestamp("last_login_at");
        return new TenantUser(new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getObject("id", UUID.class),
                rs.getString("email"), rs.getString("name"), TenantRole.fromCode(rs.getString("role")),
                rs.getBoolean("active"), rs.getString("password_hash") != null, rs.getString("totp_secret") != null,
                last == null ? null : last.toInstant(), rs.getTimestamp("created_at").toInstant());
    }

    private static Invitation invitation(ResultSet rs) throws SQLException {
        Timestamp accepted = rs.getTimestamp("accepted_at");
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new Invitation(rs.getObject("id", UUID.class), rs.getString("email"),
                TenantRole.fromCode(rs.getString("role")), rs.getString("invited_by"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
                accepted == null ? null : accepted.toInstant(), revoked == null ? null : revoked.toInstant());
    }
}
