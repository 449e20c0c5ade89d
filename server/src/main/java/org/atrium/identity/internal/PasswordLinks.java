package org.atrium.identity.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The single-use links that set or reset a password, in both realms: only a token's hash is stored; a link is live
 * until it is used, replaced by a newer password change, or expires. A tenant user's link belongs to its tenant and
 * works only there; a staff link has no tenant.
 */
@Component
class PasswordLinks {

    /** What a live link was issued for. */
    record Claim(UUID account, String purpose) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    PasswordLinks(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A new link for the account, {@code purpose} {@code set} or {@code reset}: returns its token (shown once). */
    String issue(Realm realm, @Nullable UUID tenant, UUID account, String purpose, Instant expires) {
        String token = Tokens.newToken();
        jdbc.sql("""
                insert into password_tokens (token_hash, realm, account_id, tenant_id, purpose, created_at, expires_at)
                values (:h, :realm, :a, :t, :purpose, :now, :expires)
                """).param("h", Tokens.hash(token)).param("realm", realm.code()).param("a", account)
                .param("t", tenant).param("purpose", purpose).param("now", Timestamp.from(clock.instant()))
                .param("expires", Timestamp.from(expires)).update();
        return token;
    }

    /** Whether the link is live (for showing its form). */
    boolean live(Realm realm, @Nullable UUID tenant, String token) {
        if (malformed(token)) {
            return false;
        }
        return jdbc.sql("""
                select exists(select 1 from password_tokens where token_hash = :h and realm = :realm
                              and tenant_id is not distinct from cast(:t as uuid) and used_at is null
                              and expires_at > :now)
                """).param("h", Tokens.hash(token)).param("realm", realm.code()).param("t", tenant)
                .param("now", Timestamp.from(clock.instant())).query(Boolean.class).single();
    }

    /** The live link's account and purpose, its row locked until the transaction ends; empty when it is not live. */
    Optional<Claim> claim(Realm realm, @Nullable UUID tenant, String token) {
        if (malformed(token)) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select account_id, purpose from password_tokens
                where token_hash = :h and realm = :realm and tenant_id is not distinct from cast(:t as uuid)
                  and used_at is null and expires_at > :now
                for update
                """).param("h", Tokens.hash(token)).param("realm", realm.code()).param("t", tenant)
                .param("now", Timestamp.from(clock.instant()))
                .query((rs, n) -> new Claim(rs.getObject("account_id", UUID.class), rs.getString("purpose")))
                .optional();
    }

    /** Spends every live link of the account: the one just used, and any other it was sent. */
    void spendAll(Realm realm, UUID account) {
        jdbc.sql("""
                update password_tokens set used_at = :now
                where realm = :realm and account_id = :a and used_at is null
                """).param("now", Timestamp.from(clock.instant())).param("realm", realm.code()).param("a", account)
                .update();
    }

    static boolean malformed(@Nullable String token) {
        return token == null || token.length() > 100;
    }
}
