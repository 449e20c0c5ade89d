package org.atrium.identity.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.identity.StaffAccounts;
import org.atrium.identity.StaffRole;
import org.atrium.identity.StaffUser;
import org.atrium.platform.Actor;
import org.atrium.platform.Ids;
import org.atrium.platform.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Platform staff accounts: creation, password check with lockout after repeated failures, and credential resets.
 */
@Service
class StaffAccountService implements StaffAccounts {

    private static final RowMapper<Stored> ROWS = (rs, n) -> new Stored(rs.getObject("id", UUID.class),
            rs.getString("email"), rs.getString("name"), rs.getString("password_hash"),
            StaffRole.fromCode(rs.getString("role")), rs.getBoolean("active"), rs.getInt("failed_attempts"),
            rs.getTimestamp("locked_until") == null ? null : rs.getTimestamp("locked_until").toInstant(),
            rs.getTimestamp("created_at").toInstant());

    private final JdbcClient jdbc;
    private final Clock clock;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final int maxFailures;
    private final Duration lockout;

    private final PasswordPolicy policy;
    private final BrowserSessions sessions;
    private final TrustedDevices devices;

    StaffAccountService(JdbcClient jdbc, Clock clock, PasswordEncoder passwords, AuditLog audit,
            @Value("${atrium.security.max-login-failures:5}") int maxFailures,
            @Value("${atrium.security.lockout:15m}") Duration lockout, PasswordPolicy policy,
            BrowserSessions sessions, TrustedDevices devices) {
        this.policy = policy;
        this.sessions = sessions;
        this.devices = devices;
        this.jdbc = jdbc;
        this.clock = clock;
        this.passwords = passwords;
        this.audit = audit;
        this.maxFailures = maxFailures;
        this.lockout = lockout;
    }

    @Override
    @Transactional
    public StaffUser create(String email, String name, String password, StaffRole role) {
        String normalized = email.trim();
        if (!normalized.matches("[^@\\s]+@[^@\\s]+")) {
            throw ProblemException.invalidField("email", "is not an email address");
        }
        policy.check(password, normalized);
        if (findByEmail(normalized).isPresent()) {
            throw ProblemException.conflict("duplicate", "A staff user with email '%s' already exists".formatted(normalized));
        }
        UUID id = Ids.newId(clock);
        Instant now = clock.instant();
        jdbc.sql("""
                insert into staff_users (id, email, name, password_hash, role, created_at)
                values (:id, :email, :name, :hash, :role, :now)
                """).param("id", id).param("email", normalized).param("name", name)
                .param("hash", passwords.encode(password)).param("role", role.code())
                .param("now", Timestamp.from(now)).update();
        StaffUser user = new StaffUser(id, normalized, name, role, true, now);
        audit.record(AuditEntry.of("staff.created", null, normalized, null, user));
        return user;
    }

    @Override
    public List<StaffUser> list() {
        return jdbc.sql("select * from staff_users order by created_at").query(ROWS).list().stream().map(Stored::view)
                .toList();
    }

    @Override
    public Optional<StaffUser> find(UUID id) {
        return jdbc.sql("select * from staff_users where id = :id").param("id", id).query(ROWS).optional()
                .map(Stored::view);
    }

    @Override
    public boolean anyExists() {
        return jdbc.sql("select exists(select 1 from staff_users)").query(Boolean.class).single();
    }

    /**
     * Checks a password. Every failure is audited; after too many in a row the account is locked for a while, and
     * a locked account fails even with the right password, so that guessing gains nothing.
     */
    @Transactional(noRollbackFor = LoginFailed.class)
    Actor authenticate(String email, String password) {
        Instant now = clock.instant();
        Optional<Stored> found = jdbc.sql("select * from staff_users where lower(email) = lower(:email) for update")
                .param("email", email).query(ROWS).optional();
        if (found.isEmpty()) {
            passwords.matches(password, DUMMY_HASH);
            fail(email, "unknown_user", null);
        }
        Stored user = found.get();
        if (!user.active()) {
            fail(email, "inactive", user);
        }
        if (user.lockedUntil() != null && user.lockedUntil().isAfter(now)) {
            fail(email, "locked", user);
        }
        if (!passwords.matches(password, user.passwordHash())) {
            int attempts = user.failedAttempts() + 1;
            Instant lockedUntil = attempts >= maxFailures ? now.plus(lockout) : null;
            jdbc.sql("update staff_users set failed_attempts = :attempts, locked_until = :locked where id = :id")
                    .param("attempts", lockedUntil == null ? attempts : 0)
                    .param("locked", lockedUntil == null ? null : Timestamp.from(lockedUntil)).param("id", user.id())
                    .update();
            if (lockedUntil != null) {
                audit.record(AuditEntry.of("staff.locked", null, user.email(), null,
                        Map.of("lockedUntil", lockedUntil.toString(), "failedAttempts", attempts)));
            }
            fail(email, "bad_password", user);
        }
        boolean secondFactor = jdbc.sql("select totp_secret is not null from staff_users where id = :id")
                .param("id", user.id()).query(Boolean.class).single();
        if (secondFactor) {
            // HTTP Basic cannot carry a one-time code: an account with a second factor signs in through the HQ, and
            // programs use API keys.
            fail(email, "second_factor_required", user);
        }
        jdbc.sql("update staff_users set failed_attempts = 0, locked_until = null, last_login_at = :now where id = :id")
                .param("now", Timestamp.from(now)).param("id", user.id()).update();
        return new Actor(Actor.Type.STAFF, user.id().toString(), user.email());
    }

    StaffRole roleOf(String staffId) {
        return jdbc.sql("select role from staff_users where id = :id").param("id", UUID.fromString(staffId))
                .query(String.class).optional().map(StaffRole::fromCode).orElseThrow();
    }

    @Override
    @Transactional
    public void resetPassword(UUID id, String newPassword) {
        Stored user = jdbc.sql("select * from staff_users where id = :id for update").param("id", id).query(ROWS)
                .optional().orElseThrow(() -> ProblemException.notFound("Staff user", id.toString()));
        policy.check(newPassword, user.email());
        jdbc.sql("update staff_users set password_hash = :hash, failed_attempts = 0, locked_until = null where id = :id")
                .param("hash", passwords.encode(newPassword)).param("id", id).update();
        // A new password ends every browser session of the account and forgets its remembered devices.
        sessions.revokeAll(Realm.STAFF, id, null);
        devices.forgetAll(Realm.STAFF, id);
        audit.record(AuditEntry.of("staff.password_reset", null, user.email(), null, Map.of("staffId", id.toString())));
    }

    private Optional<Stored> findByEmail(String email) {
        return jdbc.sql("select * from staff_users where lower(email) = lower(:email)").param("email", email)
                .query(ROWS).optional();
    }

    private void fail(String email, String reason, @Nullable Stored user) {
        audit.record(AuditEntry.of("staff.login_failed", null, email, null,
                Map.of("reason", reason, "email", email)));
        throw new LoginFailed(reason);
    }

    /** A failed login; the reason is audited but never told to the client. */
    static final class LoginFailed extends RuntimeException {
        LoginFailed(String reason) {
            super(reason);
        }
    }

    // A valid bcrypt hash so that unknown emails take as long to refuse as wrong passwords.
    private static final String DUMMY_HASH = "$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z1w0tYQnE7Jcq3xYv7Q5m1Fa";

    private record Stored(UUID id, String email, String name, String passwordHash, StaffRole role, boolean active,
            int failedAttempts, @Nullable Instant lockedUntil, Instant createdAt) {

        StaffUser view() {
            return new StaffUser(id, email, name, role, active, createdAt);
        }
    }
}
