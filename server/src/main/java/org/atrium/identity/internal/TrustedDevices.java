package org.atrium.identity.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Browsers that completed a sign-in (password and, where enrolled, the second factor) to an account, remembered by
 * a random token in a cookie. From such a browser, the account's delays and lock do not apply: a stranger who
 * hammers the account from elsewhere cannot lock its owner out. The device's own wrong passwords are counted, and
 * the limit of them forgets the device (it is then an ordinary browser, subject to the account's rules).
 */
@Repository
class TrustedDevices {

    static final Duration LIFETIME = Duration.ofDays(30);

    private final JdbcClient jdbc;
    private final Clock clock;

    TrustedDevices(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Remembers this browser for the account; returns the token for its cookie. */
    String remember(Realm realm, UUID account) {
        String token = Tokens.newToken();
        Instant now = clock.instant();
        jdbc.sql("""
                insert into trusted_devices (realm, account_id, token_hash, created_at, expires_at)
                values (:realm, :account, :hash, :now, :expires)
                """).param("realm", realm.code()).param("account", account).param("hash", Tokens.hash(token))
                .param("now", Timestamp.from(now)).param("expires", Timestamp.from(now.plus(LIFETIME))).update();
        return token;
    }

    /** Whether the token names a live trusted device of this account. */
    boolean trusted(Realm realm, UUID account, @Nullable String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return false;
        }
        return jdbc.sql("""
                select exists(select 1 from trusted_devices where token_hash = :hash and realm = :realm
                              and account_id = :account and expires_at > :now)
                """).param("hash", Tokens.hash(token)).param("realm", realm.code()).param("account", account)
                .param("now", Timestamp.from(clock.instant())).query(Boolean.class).single();
    }

    /** Counts a wrong password from a trusted device; at {@code max} the device is forgotten. */
    void recordFailure(String token, int max) {
        String hash = Tokens.hash(token);
        jdbc.sql("update trusted_devices set failed_attempts = failed_attempts + 1 where token_hash = :hash")
                .param("hash", hash).update();
        jdbc.sql("delete from trusted_devices where token_hash = :hash and failed_attempts >= :max")
                .param("hash", hash).param("max", max).update();
    }

    void recordSuccess(String token) {
        jdbc.sql("update trusted_devices set failed_attempts = 0 where token_hash = :hash")
                .param("hash", Tokens.hash(token)).update();
    }

    /** Forgets every device of an account (a password change, a 2FA reset). */
    void forgetAll(Realm realm, UUID account) {
        jdbc.sql("delete from trusted_devices where realm = :realm and account_id = :account")
                .param("realm", realm.code()).param("account", account).update();
    }
}
