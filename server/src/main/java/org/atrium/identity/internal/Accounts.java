package org.atrium.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The login state of both realms' accounts: failures, locks, the second factor. The two tables have the same login
 * columns, so one repository serves both; a tenant user is always looked up within its tenant.
 */
@Repository
class Accounts {

    private final JdbcClient jdbc;

    Accounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Account> byEmail(Realm realm, @Nullable UUID tenant, String email, boolean forUpdate) {
        String sql = "select * from " + realm.accounts() + " where lower(email) = lower(:email)"
                + (realm == Realm.TENANT ? " and tenant_id = :tenant" : "") + (forUpdate ? " for update" : "");
        var statement = jdbc.sql(sql).param("email", email.trim());
        if (realm == Realm.TENANT) {
            statement = statement.param("tenant", tenant);
        }
        return statement.query((rs, n) -> map(realm, rs)).optional();
    }

    Optional<Account> byId(Realm realm, @Nullable UUID tenant, UUID id, boolean forUpdate) {
        String sql = "select * from " + realm.accounts() + " where id = :id"
                + (realm == Realm.TENANT ? " and tenant_id = :tenant" : "") + (forUpdate ? " for update" : "");
        var statement = jdbc.sql(sql).param("id", id);
        if (realm == Realm.TENANT) {
            statement = statement.param("tenant", tenant);
        }
        return statement.query((rs, n) -> map(realm, rs)).optional();
    }

    void recordFailure(Account account, int failures, @Nullable Instant lockedUntil, Instant now) {
        jdbc.sql("update " + account.realm().accounts()
                + " set failed_attempts = :failures, locked_until = :locked, last_failed_at = :now where id = :id")
                .param("failures", failures).param("locked", ts(lockedUntil)).param("now", ts(now))
                .param("id", account.id()).update();
    }

    void recordSuccess(Account account, Instant now) {
        jdbc.sql("update " + account.realm().accounts()
                + " set failed_attempts = 0, locked_until = null, last_failed_at = null, last_login_at = :now"
                + " where id = :id").param("now", ts(now)).param("id", account.id()).update();
    }

    void useTotpStep(Account account, long step) {
        jdbc.sql("update " + account.realm().accounts() + " set totp_last_step = :step where id = :id")
                .param("step", step).param("id", account.id()).update();
    }

    void enableTotp(Account account, String sealedSecret, long firstStep, Instant now) {
        jdbc.sql("update " + account.realm().accounts()
                + " set totp_secret = :secret, totp_enabled_at = :now, totp_last_step = :step where id = :id")
                .param("secret", sealedSecret).param("now", ts(now)).param("step", firstStep)
                .param("id", account.id()).update();
    }

    void disableTotp(Account account) {
        jdbc.sql("update " + account.realm().accounts()
                + " set totp_secret = null, totp_enabled_at = null, totp_last_step = null where id = :id")
                .param("id", account.id()).update();
    }

    void setPasswordHash(Account account, String hash) {
        jdbc.sql("update " + account.realm().accounts()
                + " set password_hash = :hash, failed_attempts = 0, locked_until = null, last_failed_at = null"
                + " where id = :id").param("hash", hash).param("id", account.id()).update();
    }

    private static Account map(Realm realm, ResultSet rs) throws SQLException {
        long step = rs.getLong("totp_last_step");
        Long lastStep = rs.wasNull() ? null : step;
        return new Account(realm, rs.getObject("id", UUID.class),
                realm == Realm.TENANT ? rs.getObject("tenant_id", UUID.class) : null, rs.getString("email"),
                rs.getString("name"), rs.getString("role"), rs.getString("password_hash"), rs.getBoolean("active"),
                rs.getInt("failed_attempts"), instant(rs.getTimestamp("locked_until")),
                instant(rs.getTimestamp("last_failed_at")), rs.getString("totp_secret"), lastStep);
    }

    private static @Nullable Instant instant(@Nullable Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    private static @Nullable Timestamp ts(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
