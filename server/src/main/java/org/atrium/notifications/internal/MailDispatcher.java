package org.atrium.notifications.internal;

import org.atrium.notifications.MailDelivery;
import java.io.UnsupportedEncodingException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * Sends what the outbox holds. Each poll claims a batch of due mails with {@code for update skip locked} and pushes
 * their next attempt past a claim timeout, so that several Atrium nodes never take the same mail and a node that
 * dies mid-batch leaves its mails to be taken again later. Sending happens after the claim is committed: no
 * database connection waits on the SMTP server.
 * <p>
 * With no SMTP server configured ({@code spring.mail.host} blank) mails are captured instead: they stay readable in
 * the mail outbox and are not sent later.
 */
@Component
class MailDispatcher implements MailDelivery {

    private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);
    private static final int MAX_ERROR_LENGTH = 2000;

    private static final String CLAIM_DUE = """
            with due as (
                select id from notification_outbox
                where status = 'pending' and next_attempt_at <= :now
                order by next_attempt_at, id
                limit :batch
                for update skip locked
            )
            """;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final NotificationSettings settings;
    private final @Nullable JavaMailSender smtp;

    MailDispatcher(JdbcClient jdbc, Clock clock, NotificationSettings settings,
            ObjectProvider<JavaMailSender> mailSender, @Value("${spring.mail.host:}") String smtpHost) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
        // Boot creates a sender whenever spring.mail.host is set, even to the blank default: blank means none.
        this.smtp = smtpHost.isBlank() ? null : mailSender.getIfAvailable();
        if (this.smtp instanceof JavaMailSenderImpl impl) {
            applyTimeouts(impl);
        }
        log.info(this.smtp == null ? "No SMTP server configured: mails are captured in the mail outbox"
                : "Mails are sent through SMTP server " + smtpHost);
    }

    @Override
    public boolean sendsMail() {
        return smtp != null;
    }

    @Override
    public int dispatchPending() {
        Instant now = clock.instant();
        if (smtp == null) {
            return capture(now);
        }
        List<Claimed> claimed = claim(now);
        for (Claimed mail : claimed) {
            deliver(smtp, mail);
        }
        return claimed.size();
    }

    private int capture(Instant now) {
        return jdbc.sql(CLAIM_DUE + """
                update notification_outbox o set status = 'captured', delivered_at = :now
                from due where o.id = due.id
                """).param("now", Timestamp.from(now)).param("batch", settings.dispatcher().batchSize()).update();
    }

    private List<Claimed> claim(Instant now) {
        return jdbc.sql(CLAIM_DUE + """
                update notification_outbox o set attempts = o.attempts + 1, next_attempt_at = :claimedUntil
                from due where o.id = due.id
                returning o.id, o.type, o.recipient, o.subject, o.body_html, o.attempts
                """).param("now", Timestamp.from(now)).param("batch", settings.dispatcher().batchSize())
                .param("claimedUntil", Timestamp.from(now.plus(settings.dispatcher().claimTimeout())))
                .query((rs, n) -> new Claimed(rs.getObject("id", UUID.class), rs.getString("type"),
                        rs.getString("recipient"), rs.getString("subject"), rs.getString("body_html"),
                        rs.getInt("attempts")))
                .list();
    }

    private void deliver(JavaMailSender sender, Claimed mail) {
        try {
            sender.send(message(sender, mail));
        } catch (RuntimeException | MessagingException | UnsupportedEncodingException e) {
            // Recorded and retried, not rethrown: one bad mail must not hold back the rest of the batch.
            failed(mail, e);
            return;
        }
        jdbc.sql("""
                update notification_outbox set status = 'sent', delivered_at = :now
                where id = :id and attempts = :attempt and status = 'pending'
                """).param("now", Timestamp.from(clock.instant())).param("id", mail.id())
                .param("attempt", mail.attempt()).update();
    }

    private MimeMessage message(JavaMailSender sender, Claimed mail)
            throws MessagingException, UnsupportedEncodingException {
        MimeMessage message = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, "UTF-8");
        helper.setFrom(settings.from(), settings.platformName());
        helper.setTo(mail.recipient());
        helper.setSubject(mail.subject());
        helper.setText(mail.html(), true);
        message.setHeader("X-Atrium-Notification-Id", mail.id().toString());
        message.setHeader("X-Atrium-Notification-Type", mail.type());
        return message;
    }

    private void failed(Claimed mail, Exception e) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
        String error = (e.getClass().getSimpleName() + ": " + e.getMessage()
                + (cause == e ? "" : " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")"))
                .replaceAll("\\s+", " ");
        if (error.length() > MAX_ERROR_LENGTH) {
            error = error.substring(0, MAX_ERROR_LENGTH);
        }
        NotificationSettings.Retry retry = settings.retry();
        boolean givingUp = mail.attempt() >= retry.maxAttempts();
        Instant now = clock.instant();
        jdbc.sql("""
                update notification_outbox set status = :status, last_error = :error, next_attempt_at = :next
                where id = :id and attempts = :attempt and status = 'pending'
                """).param("status", givingUp ? "failed" : "pending").param("error", error)
                .param("next", Timestamp.from(givingUp ? now : now.plus(retry.backoffAfter(mail.attempt()))))
                .param("id", mail.id()).param("attempt", mail.attempt()).update();
        if (givingUp) {
            log.error("Gave up on mail {} ({}) to {} after {} attempts: {}", mail.id(), mail.type(), mail.recipient(),
                    mail.attempt(), error);
        } else {
            log.warn("Mail {} ({}) to {} failed on attempt {} of {}; retrying later: {}", mail.id(), mail.type(),
                    mail.recipient(), mail.attempt(), retry.maxAttempts(), error);
        }
    }

    private void applyTimeouts(JavaMailSenderImpl sender) {
        String millis = Long.toString(settings.smtpTimeout().toMillis());
        String protocol = sender.getProtocol() == null ? "smtp" : sender.getProtocol();
        Properties properties = sender.getJavaMailProperties();
        for (String key : List.of("connectiontimeout", "timeout", "writetimeout")) {
            properties.putIfAbsent("mail." + protocol + "." + key, millis);
        }
    }

    private record Claimed(UUID id, String type, String recipient, String subject, String html, int attempt) {
    }
}
