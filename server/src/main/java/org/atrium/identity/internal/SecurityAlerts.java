package org.atrium.identity.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.atrium.notifications.NotificationRequest;
import org.atrium.notifications.NotificationType;
import org.atrium.notifications.Notifications;
import org.atrium.platform.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells the platform owner what they should know about accounts: a staff sign-in from an address never seen for
 * that account, ten or more failed sign-ins on one account within an hour, an impersonation start, a new platform
 * API key. Each is listed in the HQ and mailed to every active super_admin, once per occurrence (dedupe key).
 */
@Component
class SecurityAlerts {

    static final int FAILURES_PER_HOUR = 10;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Notifications notifications;

    SecurityAlerts(JdbcClient jdbc, Clock clock, Notifications notifications) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.notifications = notifications;
    }

    record Alert(UUID id, String kind, String title, String detail, Instant createdAt) {
    }

    /** Records a staff sign-in's address; alerts when the account has signed in before, from elsewhere only. */
    void signedInFrom(Realm realm, UUID account, String email, String address) {
        Instant now = clock.instant();
        boolean seenBefore = jdbc.sql("select exists(select 1 from known_addresses where realm = :r and account_id = :a)")
                .param("r", realm.code()).param("a", account).query(Boolean.class).single();
        int added = jdbc.sql("""
                insert into known_addresses (realm, account_id, address, first_seen) values (:r, :a, :address, :now)
                on conflict do nothing
                """).param("r", realm.code()).param("a", account).param("address", address)
                .param("now", Timestamp.from(now)).update();
        if (added == 1 && seenBefore && realm == Realm.STAFF) {
            raise("new_address", "new-address:" + account + ":" + address, "Sign-in from a new address",
                    "The staff account %s signed in from %s, an address it never used before.".formatted(email,
                            address));
        }
    }

    /** Counts a failed sign-in; the tenth within an hour raises one alert for that hour. */
    @Transactional(propagation = Propagation.REQUIRED)
    void failed(Realm realm, UUID account, String email) {
        Instant now = clock.instant();
        jdbc.sql("delete from login_failures where realm = :r and account_id = :a and failed_at < :old")
                .param("r", realm.code()).param("a", account).param("old", Timestamp.from(now.minus(Duration.ofDays(1))))
                .update();
        jdbc.sql("insert into login_failures (realm, account_id, failed_at) values (:r, :a, :now)")
                .param("r", realm.code()).param("a", account).param("now", Timestamp.from(now)).update();
        int lastHour = jdbc.sql("""
                select count(*) from login_failures where realm = :r and account_id = :a and failed_at > :since
                """).param("r", realm.code()).param("a", account)
                .param("since", Timestamp.from(now.minus(Duration.ofHours(1)))).query(Integer.class).single();
        if (lastHour >= FAILURES_PER_HOUR) {
            long hour = now.getEpochSecond() / 3600;
            raise("failed_logins", "failed-logins:" + account + ":" + hour, "Many failed sign-ins",
                    "The %s account %s had %d failed sign-ins within the last hour.".formatted(realm.code(), email,
                            lastHour));
        }
    }

    void raise(String kind, String dedupeKey, String title, String detail) {
        int added = jdbc.sql("""
                insert into security_alerts (id, kind, title, detail, dedupe_key, created_at)
                values (:id, :kind, :title, :detail, :key, :now) on conflict (dedupe_key) do nothing
                """).param("id", Ids.newId(clock)).param("kind", kind).param("title", title).param("detail", detail)
                .param("key", dedupeKey).param("now", Timestamp.from(clock.instant())).update();
        if (added == 0) {
            return;
        }
        List<String> owners = jdbc.sql("select email from staff_users where role = 'super_admin' and active")
                .query(String.class).list();
        for (String owner : owners) {
            String key = "security:" + dedupeKey + ":" + owner;
            if (key.length() > NotificationRequest.MAX_DEDUPE_KEY_LENGTH) {
                key = "security:" + Tokens.hash(key);
            }
            notifications.enqueue(new NotificationRequest(key, null, NotificationType.SECURITY_ALERT, owner,
                    Map.of("title", title, "detail", detail)));
        }
    }

    List<Alert> recent(int limit) {
        return jdbc.sql("select * from security_alerts order by created_at desc limit :limit").param("limit", limit)
                .query((rs, n) -> new Alert(rs.getObject("id", UUID.class), rs.getString("kind"),
                        rs.getString("title"), rs.getString("detail"), rs.getTimestamp("created_at").toInstant()))
                .list();
    }
}
