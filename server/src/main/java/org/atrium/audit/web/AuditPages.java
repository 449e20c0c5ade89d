package org.atrium.audit.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.atrium.audit.AuditEvent;
import org.atrium.audit.AuditLog;
import org.atrium.audit.AuditQuery;
import org.atrium.audit.ChainVerification;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The HQ's audit log: events newest first, filtered by type (a trailing {@code *} matches a prefix), actor, tenant
 * and UTC dates, and the chain's verification on demand ("verify now" recomputes every hash, as
 * {@code POST /api/v1/audit-events/verify} does).
 */
@Controller
@PreAuthorize("hasAuthority('audit.read')")
class AuditPages {

    private static final Map<String, String> SORTABLE = Map.of("seq", "seq");
    private static final int PAGE_SIZE = 50;

    private final AuditLog audit;

    AuditPages(AuditLog audit) {
        this.audit = audit;
    }

    record Row(long seq, String at, String type, String actor, String tenant, String target, String address) {
    }

    @GetMapping("/hq/audit")
    String list(@RequestParam(defaultValue = "") String type, @RequestParam(defaultValue = "") String actor,
            @RequestParam(defaultValue = "") String tenant, @RequestParam(defaultValue = "") String from,
            @RequestParam(defaultValue = "") String to, @RequestParam(required = false) @Nullable Integer page,
            Locale locale, Model model, HttpServletResponse response) {
        return page(model, locale, response, type.strip(), actor.strip(), tenant.strip(), from.strip(), to.strip(),
                page, null);
    }

    @PostMapping("/hq/audit/verify")
    String verify(Locale locale, Model model, HttpServletResponse response) {
        return page(model, locale, response, "", "", "", "", "", null, audit.verify());
    }

    private String page(Model model, Locale locale, HttpServletResponse response, String type, String actor,
            String tenant, String from, String to, @Nullable Integer page, @Nullable ChainVerification verified) {
        model.addAttribute("type", type);
        model.addAttribute("actor", actor);
        model.addAttribute("tenant", tenant);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("verification", verified);
        PageResponse<AuditEvent> found = new PageResponse<>(java.util.List.of(), 0, PAGE_SIZE, 0);
        try {
            AuditQuery query = new AuditQuery(tenant.isEmpty() ? null : uuid(tenant), type.isEmpty() ? null : type,
                    actor.isEmpty() ? null : actor, from.isEmpty() ? null : day(from, "from"),
                    to.isEmpty() ? null : day(to, "to").plusSeconds(86_400));
            found = audit.find(query, PageRequest.of(page, PAGE_SIZE, null, SORTABLE, "seq,desc"));
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            model.addAttribute("error", e.getMessage());
        }
        DateTimeFormatter format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale);
        model.addAttribute("events", found.items().stream().map(e -> new Row(e.seq(),
                format.format(e.occurredAt().atZone(ZoneOffset.UTC)), e.type(),
                e.actorType() + (e.actorId() == null ? "" : " " + e.actorId())
                        + (e.onBehalfOf() == null ? "" : " for " + e.onBehalfOf()),
                e.tenantId() == null ? "" : e.tenantId().toString(), e.target() == null ? "" : e.target(),
                e.ipAddress() == null ? "" : e.ipAddress())).toList());
        model.addAttribute("page", found.page());
        model.addAttribute("pages", Math.max(1, (found.totalItems() + PAGE_SIZE - 1) / PAGE_SIZE));
        model.addAttribute("total", found.totalItems());
        return "audit/events";
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("tenant", "must be a tenant id (a UUID)");
        }
    }

    private static Instant day(String text, String field) {
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.invalidField(field, "must be a date such as 2026-12-01");
        }
    }
}
