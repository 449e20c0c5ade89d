package org.atrium.audit.web;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.atrium.audit.AuditCheckpoint;
import org.atrium.audit.AuditCheckpoints;
import org.atrium.audit.AuditEvent;
import org.atrium.audit.AuditLog;
import org.atrium.audit.AuditQuery;
import org.atrium.audit.ChainVerification;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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

    private static final Map<String, String> CHECKPOINTS_SORTABLE = Map.of("sequence", "sequence", "at",
            "checkpointed_at");

    private final AuditLog audit;
    private final AuditCheckpoints checkpoints;

    AuditController(AuditLog audit, AuditCheckpoints checkpoints) {
        this.audit = audit;
        this.checkpoints = checkpoints;
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
    @Operation(summary = "Recompute the hash chain, compare it with the signed checkpoints, and name the first row (or range of rows) that does not match")
    ChainVerification verify() {
        return audit.verify();
    }

    @GetMapping("/checkpoints")
    @Operation(summary = "List the signed checkpoints of the chain's head, newest first")
    PageResponse<AuditCheckpoint> checkpoints(@RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size, @RequestParam(required = false) String sort) {
        return checkpoints.list(PageRequest.of(page, size, sort, CHECKPOINTS_SORTABLE, "sequence,desc"));
    }

    @PostMapping("/checkpoints")
    @Operation(summary = "Sign and publish a checkpoint of the chain's head now (beside the hourly ones)")
    ResponseEntity<AuditCheckpoint> checkpoint() {
        AuditCheckpoint taken = checkpoints.checkpoint("manual").orElseThrow(() -> new ProblemException(
                HttpStatus.CONFLICT, "empty-audit-chain", "The audit chain has no rows yet: there is nothing to sign"));
        return ResponseEntity.status(HttpStatus.CREATED).body(taken);
    }

    @GetMapping("/checkpoints/public-key")
    @Operation(summary = "The Ed25519 public key that verifies the checkpoints, and what exactly is signed")
    AuditCheckpoints.SigningKey publicKey() {
        return checkpoints.publicKey();
    }
}
