package org.atrium.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.atrium.notifications.NotificationFixtures.enqueueCommitted;
import static org.atrium.notifications.NotificationFixtures.newAddress;
import static org.atrium.notifications.NotificationFixtures.newKey;
import static org.atrium.notifications.NotificationFixtures.newTenant;
import static org.atrium.notifications.NotificationFixtures.outboxId;
import static org.atrium.notifications.NotificationFixtures.renewal;
import static org.atrium.notifications.NotificationFixtures.walletRecharged;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.atrium.platform.TenantId;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;

/** With no SMTP server configured (the default), mails are captured in the mail outbox, which staff can read. */
@AtriumIntegrationTest
// Closed after the class, while the test database is still up: a context left open until JVM exit may find the
// database already stopped and stall the shutdown on its connection timeout.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class NotificationCaptureIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Notifications notifications;

    @Autowired
    MailOutbox outbox;

    @Autowired
    MailDelivery dispatcher;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Test
    void withoutSmtpAMailIsCapturedAndReadableThroughTheMailOutboxApi() {
        TenantId tenant = newTenant();
        String recipient = newAddress();
        String key = newKey("renewal");
        assertThat(dispatcher.sendsMail()).isFalse();

        assertThat(enqueueCommitted(tx, notifications, renewal(key, tenant, recipient))).isTrue();
        dispatcher.dispatchPending();
        UUID id = outboxId(jdbc, key).orElseThrow();
        awaitStatus(id, MailStatus.CAPTURED);

        Api api = Api.asRoot(port);
        JsonNode page = api.get("/api/v1/mail-outbox?tenantId=" + tenant + "&status=captured").json();
        assertThat(page.get("totalItems").asLong()).isEqualTo(1);
        JsonNode listed = page.get("items").get(0);
        assertThat(listed.get("id").asString()).isEqualTo(id.toString());
        assertThat(listed.get("recipient").asString()).isEqualTo(recipient);
        assertThat(listed.get("type").asString()).isEqualTo("subscription.renewed");
        assertThat(listed.get("subject").asString()).contains(NotificationFixtures.PLAN);
        assertThat(listed.has("bodyHtml")).as("lists leave bodies out").isFalse();
        assertThat(listed.get("deliveredAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        JsonNode mail = api.get("/api/v1/mail-outbox/" + id).json();
        assertThat(mail.get("status").asString()).isEqualTo("captured");
        assertThat(mail.get("bodyHtml").asString()).contains("49.00 USD").contains("2026-12-22");
    }

    @Test
    void thePollerCapturesMailsWithoutBeingAsked() {
        String key = newKey("poller");
        enqueueCommitted(tx, notifications, renewal(key, newTenant(), newAddress()));

        awaitStatus(outboxId(jdbc, key).orElseThrow(), MailStatus.CAPTURED);
    }

    @Test
    void mailOutboxFiltersByTypeAndStatusAndRefusesUnknownOnes() {
        TenantId tenant = newTenant();
        enqueueCommitted(tx, notifications, renewal(newKey("renewal"), tenant, newAddress()));
        enqueueCommitted(tx, notifications, walletRecharged(newKey("recharge"), tenant, newAddress()));
        Api api = Api.asRoot(port);

        JsonNode recharges = api.get("/api/v1/mail-outbox?tenantId=" + tenant + "&type=wallet.recharged").json();
        assertThat(recharges.get("totalItems").asLong()).isEqualTo(1);
        assertThat(recharges.get("items").get(0).get("type").asString()).isEqualTo("wallet.recharged");
        assertThat(api.get("/api/v1/mail-outbox?tenantId=" + tenant + "&status=failed").json().get("totalItems")
                .asLong()).isZero();

        Api.Response unknownType = api.get("/api/v1/mail-outbox?type=wallet.recharge");
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.json().get("errors").has("type")).isTrue();
        assertThat(api.get("/api/v1/mail-outbox?status=delivered").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/mail-outbox/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(Api.anonymous(port).get("/api/v1/mail-outbox").status()).isEqualTo(401);
    }

    @Test
    void inAppNotificationsAreListedPerTenantAndCanBeMarkedRead() {
        TenantId tenant = newTenant();
        TenantId other = newTenant();
        enqueueCommitted(tx, notifications, renewal(newKey("renewal"), tenant, newAddress()));
        enqueueCommitted(tx, notifications, walletRecharged(newKey("recharge"), tenant, null));
        enqueueCommitted(tx, notifications, walletRecharged(newKey("recharge"), other, newAddress()));
        Api api = Api.asRoot(port);

        JsonNode page = api.get("/api/v1/notifications?tenantId=" + tenant).json();
        assertThat(page.get("totalItems").asLong()).isEqualTo(2);
        List<JsonNode> items = page.get("items").valueStream().toList();
        assertThat(items).extracting(n -> n.get("tenantId").asString()).containsOnly(tenant.toString());
        assertThat(items).extracting(n -> n.get("type").asString())
                .containsExactly("wallet.recharged", "subscription.renewed");
        JsonNode recharge = items.get(0);
        assertThat(recharge.get("title").asString()).contains("100.00 USD");
        assertThat(recharge.get("body").asString()).contains("130.00 USD").doesNotContain("<");
        assertThat(recharge.has("readAt")).isFalse();

        String id = recharge.get("id").asString();
        Api.Response read = api.post("/api/v1/notifications/" + id + "/read");
        assertThat(read.status()).isEqualTo(200);
        String readAt = read.json().get("readAt").asString();
        assertThat(readAt).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(api.post("/api/v1/notifications/" + id + "/read").json().get("readAt").asString())
                .as("marking it again keeps when it was first read").isEqualTo(readAt);

        JsonNode unread = api.get("/api/v1/notifications?tenantId=" + tenant + "&unread=true").json();
        assertThat(unread.get("items").valueStream().map(n -> n.get("type").asString()).toList())
                .containsExactly("subscription.renewed");
        assertThat(api.post("/api/v1/notifications/" + UUID.randomUUID() + "/read").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/notifications").status()).as("tenantId is required").isEqualTo(400);
    }

    @Test
    void readingNeedsTenantsReadAndMarkingReadNeedsTenantsManage() {
        TenantId tenant = newTenant();
        enqueueCommitted(tx, notifications, walletRecharged(newKey("recharge"), tenant, null));
        Api root = Api.asRoot(port);
        String readOnlyKey = root.post("/api/v1/api-keys", Map.of("name", "reader", "permissions",
                Set.of("tenants.read"))).json().get("secret").asString();
        String auditKey = root.post("/api/v1/api-keys", Map.of("name", "auditor", "permissions",
                Set.of("audit.read"))).json().get("secret").asString();
        Api reader = Api.anonymous(port).withBearer(readOnlyKey);

        JsonNode page = reader.get("/api/v1/notifications?tenantId=" + tenant).json();
        String id = page.get("items").get(0).get("id").asString();
        assertThat(reader.post("/api/v1/notifications/" + id + "/read").status()).isEqualTo(403);
        Api auditor = Api.anonymous(port).withBearer(auditKey);
        assertThat(auditor.get("/api/v1/notifications?tenantId=" + tenant).status()).isEqualTo(403);
        assertThat(auditor.get("/api/v1/mail-outbox").status()).isEqualTo(403);
    }

    @Test
    void aNotificationWithoutRecipientIsShownInAppButNeverMailed() {
        TenantId tenant = newTenant();
        String key = newKey("recharge");
        enqueueCommitted(tx, notifications, walletRecharged(key, tenant, null));
        dispatcher.dispatchPending();

        assertThat(notifications.inApp(tenant, false, page()).totalItems()).isEqualTo(1);
        assertThat(outbox.find(new MailQuery(tenant.value(), null, null), page()).totalItems()).isZero();
        assertThat(outbox.find(outboxId(jdbc, key).orElseThrow())).isEmpty();
    }

    @Test
    void aPlatformMailWithoutTenantIsMailedButShownInNoPortal() {
        String key = newKey("platform");
        String recipient = newAddress();
        enqueueCommitted(tx, notifications, new NotificationRequest(key, null, NotificationType.INVOICE_OVERDUE,
                recipient, Map.of("invoiceNumber", "INV-2026-00042", "amountDue", "12.00 USD", "dueOn", "2026-11-01")));
        UUID id = outboxId(jdbc, key).orElseThrow();

        assertThat(outbox.find(id)).hasValueSatisfying(mail -> {
            assertThat(mail.tenantId()).isNull();
            assertThat(mail.recipient()).isEqualTo(recipient);
            assertThat(mail.subject()).contains("INV-2026-00042");
        });
        assertThat(jdbc.sql("select count(*) from in_app_notifications where notification_id = :id").param("id", id)
                .query(Long.class).single()).isZero();
    }

    @Test
    void enqueueOutsideATransactionIsRefused() {
        String key = newKey("no-tx");
        assertThatThrownBy(() -> notifications.enqueue(renewal(key, newTenant(), newAddress())))
                .isInstanceOf(IllegalTransactionStateException.class);
        assertThat(outboxId(jdbc, key)).isEmpty();
    }

    private void awaitStatus(UUID id, MailStatus status) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(
                () -> assertThat(outbox.find(id)).hasValueSatisfying(m -> assertThat(m.status()).isEqualTo(status)));
    }

    private static org.atrium.platform.PageRequest page() {
        return org.atrium.platform.PageRequest.of(0, 50, null, Map.of("createdAt", "created_at"), "createdAt,desc");
    }
}
