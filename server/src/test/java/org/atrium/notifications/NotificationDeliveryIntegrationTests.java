package org.atrium.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.notifications.NotificationFixtures.enqueueCommitted;
import static org.atrium.notifications.NotificationFixtures.newAddress;
import static org.atrium.notifications.NotificationFixtures.newKey;
import static org.atrium.notifications.NotificationFixtures.newTenant;
import static org.atrium.notifications.NotificationFixtures.outboxId;
import static org.atrium.notifications.NotificationFixtures.renewal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.atrium.platform.PageRequest;
import org.atrium.platform.TenantId;
import org.atrium.support.AtriumIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** With an SMTP server configured, the dispatcher mails what committed transactions enqueued, once each. */
@AtriumIntegrationTest
// A context of its own (its SMTP settings differ), closed after the class while the test database is still up: a
// context left open until JVM exit may find the database already stopped and stall the shutdown.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class NotificationDeliveryIntegrationTests {

    private static final int SMTP_PORT = freePort();

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(
            new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)).withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void smtpServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        // Tests dispatch themselves, so that what they see does not depend on the poller's timing.
        registry.add("atrium.notifications.dispatcher.enabled", () -> "false");
    }

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
    void anEnqueuedNotificationIsMailedOnDispatch() throws Exception {
        String recipient = newAddress();
        String key = newKey("renewal");
        assertThat(dispatcher.sendsMail()).isTrue();
        enqueueCommitted(tx, notifications, renewal(key, newTenant(), recipient));
        UUID id = outboxId(jdbc, key).orElseThrow();
        assertThat(messagesTo(recipient)).as("nothing is sent before dispatch").isEmpty();

        dispatcher.dispatchPending();

        List<MimeMessage> received = messagesTo(recipient);
        assertThat(received).hasSize(1);
        MimeMessage mail = received.get(0);
        OutboxMail sent = outbox.find(id).orElseThrow();
        assertThat(mail.getSubject()).isEqualTo(sent.subject()).contains(NotificationFixtures.PLAN);
        assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo("billing@atrium.local");
        assertThat(mail.getHeader("X-Atrium-Notification-Id")).containsExactly(id.toString());
        assertThat(mail.getContentType()).startsWith("text/html");
        assertThat((String) mail.getContent()).contains(NotificationFixtures.RENEWAL_PRICE.toPlainString() + " USD")
                .contains(NotificationFixtures.NEXT_RENEWAL.toString());
        assertThat(sent.status()).isEqualTo(MailStatus.SENT);
        assertThat(sent.attempts()).isEqualTo(1);
        assertThat(sent.deliveredAt()).isNotNull();
    }

    @Test
    void aRolledBackTransactionSendsNothing() {
        TenantId tenant = newTenant();
        String recipient = newAddress();
        String key = newKey("renewal");

        tx.executeWithoutResult(status -> {
            notifications.enqueue(renewal(key, tenant, recipient));
            status.setRollbackOnly();
        });
        dispatcher.dispatchPending();

        assertThat(messagesTo(recipient)).isEmpty();
        assertThat(outboxId(jdbc, key)).isEmpty();
        assertThat(notifications.inApp(tenant, false, page()).items()).isEmpty();
    }

    @Test
    void aSecondEnqueueWithTheSameDedupeKeySendsOneMail() {
        TenantId tenant = newTenant();
        String recipient = newAddress();
        String key = newKey("renewal");

        assertThat(enqueueCommitted(tx, notifications, renewal(key, tenant, recipient))).isTrue();
        dispatcher.dispatchPending();
        // The billing job crashed after the first run committed and runs again.
        assertThat(enqueueCommitted(tx, notifications, renewal(key, tenant, recipient))).isFalse();
        assertThat(enqueueCommitted(tx, notifications, renewal(key, tenant, newAddress()))).isFalse();
        dispatcher.dispatchPending();

        assertThat(messagesTo(recipient)).hasSize(1);
        assertThat(notifications.inApp(tenant, false, page()).totalItems()).isEqualTo(1);
    }

    @Test
    void dispatchersRunningAtOnceSendEachMailExactlyOnce() throws Exception {
        List<String> recipients = new ArrayList<>();
        TenantId tenant = newTenant();
        for (int i = 0; i < 45; i++) {
            String recipient = newAddress();
            recipients.add(recipient);
            enqueueCommitted(tx, notifications, renewal(newKey("renewal"), tenant, recipient));
        }

        ExecutorService nodes = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> taken = new ArrayList<>();
            for (int node = 0; node < 3; node++) {
                taken.add(nodes.submit(() -> {
                    int total = 0;
                    for (int n = dispatcher.dispatchPending(); n > 0; n = dispatcher.dispatchPending()) {
                        total += n;
                    }
                    return total;
                }));
            }
            int total = 0;
            for (Future<Integer> f : taken) {
                total += f.get();
            }
            assertThat(total).as("mails taken by all dispatchers together").isEqualTo(recipients.size());
        } finally {
            nodes.shutdownNow();
        }

        for (String recipient : recipients) {
            assertThat(messagesTo(recipient)).as(recipient).hasSize(1);
        }
        assertThat(outbox.find(new MailQuery(tenant.value(), null, MailStatus.SENT), page()).totalItems())
                .isEqualTo(recipients.size());
    }

    private static List<MimeMessage> messagesTo(String recipient) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> ((InternetAddress) a).getAddress().equals(recipient));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static PageRequest page() {
        return PageRequest.of(0, 500, null, Map.of("createdAt", "created_at"), "createdAt,desc");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
