package org.atrium.developer.web;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.atrium.developer.ApiUsage;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The API usage log of a tenant's keys: staff with {@code tenants.read}, or the tenant's own keys with
 * {@code api-keys:read}.
 */
@RestController
@Tag(name = "Tenant API keys")
class ApiUsageController {

    private static final String READ = "hasAnyAuthority('tenants.read', 'tenants.manage', 'api-keys:read')";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final ApiUsage usage;
    private final Clock clock;

    ApiUsageController(ApiUsage usage, Clock clock) {
        this.usage = usage;
        this.clock = clock;
    }

    /**
     * @param status an exact status ({@code 404}) or a class from 1 to 5 ({@code 4}: every 4xx)
     * @param from   first instant included (ISO-8601)
     * @param to     first instant excluded
     */
    @GetMapping("/api/v1/tenants/{slug}/api-usage")
    @PreAuthorize(READ)
    @Operation(summary = "Calls made with the tenant's API keys, newest first (kept for the retention period)")
    PageResponse<ApiUsage.Call> calls(@PathVariable String slug, @RequestParam(required = false) @Nullable String keyId,
            @RequestParam(required = false) @Nullable String method,
            @RequestParam(required = false) @Nullable String route,
            @RequestParam(required = false) @Nullable Integer status,
            @RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(required = false) @Nullable Integer size) {
        PageRequest paging = PageRequest.of(page, size);
        String upper = method == null ? null : method.toUpperCase(Locale.ROOT);
        if (upper != null && !METHODS.contains(upper)) {
            throw ProblemException.invalidField("method", "must be an HTTP method such as GET or POST");
        }
        if (status != null && !((status >= 1 && status <= 5) || (status >= 100 && status <= 599))) {
            throw ProblemException.invalidField("status", "must be a status (100 to 599) or a class (1 to 5)");
        }
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (start != null && end != null && !end.isAfter(start)) {
            throw ProblemException.invalidField("to", "must be after from");
        }
        return usage.calls(slug, new ApiUsage.Filter(uuid(keyId), upper, route, status, start, end), paging);
    }

    /** @param from first day included (UTC), default 30 days before {@code to}; {@code to} default today */
    @GetMapping("/api/v1/tenants/{slug}/api-usage/daily")
    @PreAuthorize(READ)
    @Operation(summary = "Calls per key, UTC day and status (kept for 400 days)")
    PageResponse<ApiUsage.Daily> daily(@PathVariable String slug, @RequestParam(required = false) @Nullable String keyId,
            @RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(required = false) @Nullable Integer size) {
        PageRequest paging = PageRequest.of(page, size, PageRequest.MAX_SIZE);
        LocalDate last = to == null ? clock.instant().atOffset(ZoneOffset.UTC).toLocalDate() : date("to", to);
        LocalDate first = from == null ? last.minusDays(30) : date("from", from);
        List<ApiUsage.Daily> rows = usage.daily(slug, uuid(keyId), first, last);
        return paging.slice(rows);
    }

    private static @Nullable UUID uuid(@Nullable String text) {
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("keyId", "must be the id of an API key (a UUID)");
        }
    }

    private static @Nullable Instant instant(String field, @Nullable String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, "must be an ISO-8601 instant such as 2026-12-01T00:00:00Z");
        }
    }

    private static LocalDate date(String field, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, "must be an ISO date such as 2026-12-01");
        }
    }
}
