package org.atrium.identity.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Ten single-use codes handed out at 2FA enrolment, for when the authenticator is lost. Only their SHA-256 is
 * stored; a code works once; a new set replaces the old one.
 */
@Repository
class RecoveryCodes {

    static final int COUNT = 10;

    private final JdbcClient jdbc;
    private final Clock clock;

    RecoveryCodes(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Replaces the account's codes with a new set and returns them: the only time they are shown. */
    List<String> issue(Realm realm, UUID account) {
        revokeAll(realm, account);
        Instant now = clock.instant();
        List<String> codes = new ArrayList<>(COUNT);
        while (codes.size() < COUNT) {
            String code = Tokens.newRecoveryCode();
            if (!codes.contains(code)) {
                codes.add(code);
            }
        }
        for (String code : codes) {
            jdbc.sql("""
                    insert into recovery_codes (realm, account_id, code_hash, created_at)
                    values (:realm, :account, :hash, :now)
                    """).param("realm", realm.code()).param("account", account)
                    .param("hash", Tokens.hash(Tokens.normalizeRecoveryCode(code))).param("now", Timestamp.from(now))
                    .update();
        }
        return codes;
    }

    /** Uses a code: true once for each issued code, false for anything else (a used code above all). */
    boolean use(Realm realm, UUID account, String typed) {
        String normalized = Tokens.normalizeRecoveryCode(typed == null ? "" : typed);
        if (normalized.length() != 10) {
            return false;
        }
        return jdbc.sql("""
                update recovery_codes set used_at = :now
                where realm = :realm and account_id = :account and code_hash = :hash and used_at is null
                """).param("now", Timestamp.from(clock.instant())).param("realm", realm.code())
                .param("account", account).param("hash", Tokens.hash(normalized)).update() == 1;
    }

    int remaining(Realm realm, UUID account) {
        return jdbc.sql("""
                select count(*) from recovery_codes where realm = :realm and account_id = :account and used_at is null
                """).param("realm", realm.code()).param("account", account).query(Integer.class).single();
    }

    void revokeAll(Realm realm, UUID account) {
        jdbc.sql("delete from recovery_codes where realm = :realm and account_id = :account")
                .param("realm", realm.code()).param("account", account).update();
    }
}
