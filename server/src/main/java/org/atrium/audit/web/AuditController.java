package org.atrium.audit.web;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.atrium.audit.AuditEvent;
import org.atrium.audit.AuditLog;
import org.atrium.audit.AuditQuery;
import org.atrium.audit.ChainVerification;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/audit-events")
@Tag(name = "Audit log")
@PreAuthorize("hasAuthority('audit.read')")
class AuditController {

    private static final Map<String, String> SORTABLE = Map.of("occurredAt", "occurred_at", "seq", "seq", "type",
            "event_type");

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "List audit events, newest first, filtered by tenant id, type (a trailing * matches a prefix), actor and time range")
    PageResponse<AuditEvent> list(@RequestParam(required = false) UUID tenantId,
            @RequestParam(required = false) String type, @RequestParam(required = false) String actorId,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String sort) {
        return audit.find(new AuditQuery(tenantId, type, actorId, from, to),
                PageRequest.of(page, size, sort, SORTABLE, "seq,desc"));
    }

    @PostMapping("/verify")
    @Operation(summary = "Recompute the hash chain and name the first row that does not match")
    ChainVerification verify() {
        return audit.verify();
    }
}
