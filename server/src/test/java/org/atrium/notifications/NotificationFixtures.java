package org.atrium.notifications;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Requests and look-ups the notification tests share; names and keys are fresh per call. */
final class NotificationFixtures {

    static final String PLAN = "Growth";
    static final Money RENEWAL_PRICE = Money.of("49.00", "USD");
    static final LocalDate NEXT_RENEWAL = LocalDate.of(2026, 12, 22);

    private NotificationFixtures() {
    }

    static TenantId newTenant() {
        return TenantId.of(UUID.randomUUID());
    }

    static String newKey(String what) {
        return what + ":" + UUID.randomUUID();
    }

    static String newAddress() {
        return "billing-" + UUID.randomUUID().toString().substring(0, 8) + "@tenant.test";
    }

    static NotificationRequest renewal(String dedupeKey, TenantId tenant, String recipient) {
        return new NotificationRequest(dedupeKey, tenant, NotificationType.SUBSCRIPTION_RENEWED, recipient,
                Map.of("planName", PLAN, "amount", RENEWAL_PRICE, "nextRenewalOn", NEXT_RENEWAL));
    }

    static NotificationRequest walletRecharged(String dedupeKey, TenantId tenant, String recipient) {
        return new NotificationRequest(dedupeKey, tenant, NotificationType.WALLET_RECHARGED, recipient,
                Map.of("amount", Money.of("100.00", "USD"), "balance", Money.of("130.00", "USD")));
    }

    static boolean enqueueCommitted(TransactionTemplate tx, Notifications notifications, NotificationRequest request) {
        Boolean queued = tx.execute(status -> notifications.enqueue(request));
        return Boolean.TRUE.equals(queued);
    }

    /** The outbox row's id for a dedupe key, if one was written. */
    static java.util.Optional<UUID> outboxId(JdbcClient jdbc, String dedupeKey) {
        return jdbc.sql("select id from notification_outbox where dedupe_key = :key").param("key", dedupeKey)
                .query(UUID.class).optional();
    }
}
