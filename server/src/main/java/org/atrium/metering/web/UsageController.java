package org.atrium.metering.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntFunction;

import org.atrium.catalog.Metric;
import org.atrium.metering.CurrentUsage;
import org.atrium.metering.Metering;
import org.atrium.metering.PeriodUsage;
import org.atrium.metering.RecordedUsage;
import org.atrium.metering.UsageEvent;
import org.atrium.platform.PageRequest;
import org.atrium.tenancy.Tenants;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.platform.web.RequestLogging;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

@RestController
@Tag(name = "Usage")
class UsageController {

    /** Stands for a tenant the request named but that does not exist; no tenant has this id. */
    private static final TenantId UNKNOWN = TenantId.of(new UUID(0, 0));

    private final Metering metering;
    private final Tenants directory;
    private final ObjectMapper json;

    UsageController(Metering metering, Tenants directory, ObjectMapper json) {
        this.metering = metering;
        this.directory = directory;
        this.json = json;
    }

    /** One usage event as the product reports it. */
    record UsageReport(@Nullable String tenant, @Nullable String metric, @Nullable Long quantity, @Nullable Long value,
            @Nullable Instant timestamp, @Nullable String idempotencyKey) {
    }

    record Recorded(String tenant, String metric, String idempotencyKey, String status) {
    }

    record BatchRecorded(int accepted, int duplicates, List<String> duplicateKeys) {
    }

    @PostMapping("/api/v1/usage")
    @PreAuthorize("hasAuthority('usage.write')")
    @Operation(summary = "Record one usage event, or a batch of up to 1,000 as {\"events\": [...]}; all or nothing")
    @ApiResponse(responseCode = "201", description = "One event recorded")
    @ApiResponse(responseCode = "200", description = "A duplicate of an event recorded before, or a batch's result")
    ResponseEntity<?> record(@RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("validation", "The body must be a usage event or {\"events\": [...]}");
        }
        if (body.has("events")) {
            return ResponseEntity.ok(recordBatch(body));
        }
        UsageReport report = read(body, "");
        Map<String, String> errors = new LinkedHashMap<>();
        UsageEvent event = toEvent(report, "", errors);
        RecordedUsage recorded = recordAll(List.of(event), i -> "", errors);
        boolean duplicate = recorded.accepted() == 0;
        return ResponseEntity.status(duplicate ? HttpStatus.OK : HttpStatus.CREATED).body(new Recorded(
                report.tenant(), report.metric(), report.idempotencyKey(), duplicate ? "duplicate" : "recorded"));
    }

    private BatchRecorded recordBatch(JsonNode body) {
        if (body.size() != 1) {
            throw ProblemException.badRequest("validation", "A batch is {\"events\": [...]} and nothing else",
                    Map.of("body", "unexpected fields beside events"));
        }
        JsonNode items = body.get("events");
        if (!items.isArray()) {
            throw ProblemException.invalidField("events", "must be an array of usage events");
        }
        if (items.size() > Metering.MAX_BATCH) {
            throw ProblemException.badRequest("batch-too-large",
                    "A batch holds at most %d events; this one holds %d. Nothing was recorded."
                            .formatted(Metering.MAX_BATCH, items.size()),
                    Map.of("events", "at most " + Metering.MAX_BATCH));
        }
        Map<String, String> errors = new LinkedHashMap<>();
        List<UsageEvent> events = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String at = "events[" + i + "].";
            try {
                events.add(toEvent(read(items.get(i), at), at, errors));
            } catch (ProblemException e) {
                errors.putAll(fieldErrors(e));
                events.add(new UsageEvent(UNKNOWN, "", null, null, null, ""));
            }
        }
        RecordedUsage recorded = recordAll(events, i -> "events[" + i + "].", errors);
        return new BatchRecorded(recorded.accepted(), recorded.duplicates(), recorded.duplicateKeys());
    }

    private UsageReport read(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            throw ProblemException.badRequest("validation", at + " must be a usage event object",
                    Map.of(at.isEmpty() ? "body" : at.substring(0, at.length() - 1), "must be an object"));
        }
        try {
            return json.treeToValue(node, UsageReport.class);
        } catch (JacksonException e) {
            String path = e.getPath().stream().map(r -> r.getPropertyName() == null ? "[" + r.getIndex() + "]"
                    : r.getPropertyName()).reduce((a, b) -> a + "." + b).orElse("");
            String field = at + (path.isEmpty() ? "body" : path);
            return fail(field, e.getOriginalMessage().contains("Unrecognized") ? "unknown field"
                    : "invalid value (timestamps are ISO-8601 instants, quantities integers)");
        }
    }

    private static UsageReport fail(String field, String message) {
        throw ProblemException.badRequest("validation", field + ": " + message, Map.of(field, message));
    }

    /**
     * Validates the whole batch in one pass: the events that name no known tenant go to the service under a tenant
     * id that cannot exist, so that their other fields are checked too, and the messages here (which name the slug)
     * replace the service's.
     */
    private RecordedUsage recordAll(List<UsageEvent> events, IntFunction<String> field, Map<String, String> errors) {
        try {
            RecordedUsage recorded = metering.record(events, field);
            if (!errors.isEmpty()) {
                throw new IllegalStateException("Events with unknown tenants were recorded: " + errors);
            }
            return recorded;
        } catch (ProblemException e) {
            if (!"validation".equals(e.kind()) || errors.isEmpty()) {
                throw e;
            }
            Map<String, String> all = new TreeMap<>(fieldErrors(e));
            all.putAll(errors);
            throw ProblemException.badRequest("validation", "%d of %d events are not valid; nothing was recorded: %s"
                    .formatted(all.size(), events.size(), all), all);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> fieldErrors(ProblemException e) {
        Object errors = e.properties().get("errors");
        return errors instanceof Map<?, ?> map ? (Map<String, String>) map : Map.of();
    }

    private UsageEvent toEvent(UsageReport r, String at, Map<String, String> errors) {
        TenantId tenant = UNKNOWN;
        if (r.tenant() == null || r.tenant().isBlank()) {
            errors.put(at + "tenant", "is required");
        } else {
            tenant = directory.findIdBySlug(r.tenant()).orElse(null);
            if (tenant == null) {
                errors.put(at + "tenant", "unknown tenant '%s'".formatted(r.tenant()));
                tenant = UNKNOWN;
            }
        }
        return new UsageEvent(tenant, r.metric() == null ? "" : r.metric(), r.quantity(), r.value(), r.timestamp(),
                r.idempotencyKey() == null ? "" : r.idempotencyKey());
    }

    record UsageView(String metric, String kind, long value, @Nullable String periodStart, @Nullable String periodEnd) {

        static UsageView of(CurrentUsage u) {
            return new UsageView(u.metric(), u.kind().code(), u.value(),
                    u.period() == null ? null : u.period().start().toString(),
                    u.period() == null ? null : u.period().end().toString());
        }
    }

    @GetMapping("/api/v1/tenants/{slug}/usage")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'entitlements.read', 'usage.write')")
    @Operation(summary = "Current usage of every metric: the running day or billing period's counter, or the level")
    PageResponse<UsageView> current(@PathVariable String slug, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size, HttpServletRequest request) {
        PageRequest paging = PageRequest.of(page, size);
        request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        TenantId tenant = directory.findIdBySlug(slug).orElseThrow(() -> ProblemException.notFound("Tenant", slug));
        List<String> keys = metering.all().keySet().stream().sorted().toList();
        return paging.slice(metering.current(tenant, keys).values().stream().map(UsageView::of).toList());
    }

    @GetMapping("/api/v1/tenants/{slug}/usage/{metric}/periods")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'entitlements.read', 'usage.write')")
    @Operation(summary = "Every period of a counter metric, newest first; closed periods are kept for history")
    PageResponse<PeriodUsage> history(@PathVariable String slug, @PathVariable String metric,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
            HttpServletRequest request) {
        PageRequest paging = PageRequest.of(page, size);
        request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        TenantId tenant = directory.findIdBySlug(slug).orElseThrow(() -> ProblemException.notFound("Tenant", slug));
        Metric m = metering.metric(metric).orElseThrow(() -> ProblemException.notFound("Metric", metric));
        return paging.slice(metering.history(tenant, m.key()));
    }
}
