package org.atrium.notifications.web;

import java.util.Map;
import java.util.UUID;

import org.atrium.notifications.MailOutbox;
import org.atrium.notifications.MailQuery;
import org.atrium.notifications.MailStatus;
import org.atrium.notifications.NotificationType;
import org.atrium.notifications.OutboxMail;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/mail-outbox")
@Tag(name = "Notifications")
@PreAuthorize("hasAuthority('tenants.read')")
class MailOutboxController {

    private static final Map<String, String> SORTABLE = Map.of("createdAt", "created_at", "deliveredAt",
            "delivered_at");

    private final MailOutbox outbox;

    MailOutboxController(MailOutbox outbox) {
        this.outbox = outbox;
    }

    @GetMapping
    @Operation(summary = "List mails (sent, pending, failed, or captured when no SMTP server is configured), newest first")
    PageResponse<OutboxMail> list(@RequestParam(required = false) UUID tenantId,
            @RequestParam(required = false) String type, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String sort) {
        MailQuery query = new MailQuery(tenantId, type == null ? null : type(type),
                status == null ? null : status(status));
        return outbox.find(query, PageRequest.of(page, size, sort, SORTABLE, "createdAt,desc"));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Read one mail with its body")
    OutboxMail get(@PathVariable UUID id) {
        return outbox.find(id).orElseThrow(() -> ProblemException.notFound("Mail", id.toString()));
    }

    private static NotificationType type(String code) {
        try {
            return NotificationType.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("type", e.getMessage());
        }
    }

    private static MailStatus status(String code) {
        try {
            return MailStatus.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("status", e.getMessage());
        }
    }
}
