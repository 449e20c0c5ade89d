package org.atrium.notifications;

import java.util.Optional;
import java.util.UUID;

import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;

/**
 * The mails Atrium sent, is sending, gave up on, or captured because no SMTP server is configured. A platform
 * read model for staff: it spans tenants.
 */
public interface MailOutbox {

    /** Mails matching the query, without their bodies. */
    PageResponse<OutboxMail> find(MailQuery query, PageRequest page);

    /** One mail with its body. */
    Optional<OutboxMail> find(UUID id);
}
