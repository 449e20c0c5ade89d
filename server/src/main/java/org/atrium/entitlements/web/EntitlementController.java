package org.atrium.entitlements.web;

import java.time.LocalDate;
import java.util.Map;

import org.atrium.entitlements.CheckResult;
import org.atrium.entitlements.EntitlementOverride;
import org.atrium.entitlements.EntitlementSnapshot;
import org.atrium.entitlements.Entitlements;
import org.atrium.entitlements.Overrides;
import org.atrium.platform.PageRequest;
import org.atrium.tenancy.Tenants;
import org.atrium.platform.Hashes;
import org.atrium.platform.PageResponse;
import org.atrium.platform.Permissions;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.platform.web.RequestLogging;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.ObjectMapper;

@RestController
@Tag(name = "Entitlements")
class EntitlementController {

    private final Entitlements entitlements;
    private final Overrides overrides;
    private final Tenants lookup;
    private final ObjectMapper json;

    EntitlementController(Entitlements entitlements, Overrides overrides, Tenants lookup, ObjectMapper json) {
        this.entitlements = entitlements;
        this.overrides = overrides;
        this.lookup = lookup;
        this.json = json;
    }

    /** A metric check ({@code metric}, {@code quantity} default 1, {@code consume}) or a feature check. */
    record CheckRequest(@Nullable String tenant, @Nullable String metric, @Nullable String feature,
            @Nullable Long quantity, @Nullable Boolean consume) {
    }

    @PostMapping("/api/v1/entitlements/check")
    @PreAuthorize("hasAuthority('entitlements.read')")
    @Operation(summary = "May the tenant do this? A metric (with consume=true: check and record atomically) or a feature")
    CheckResult check(@RequestBody CheckRequest request, HttpServletRequest http) {
        if (request.tenant() == null || request.tenant().isBlank()) {
            throw ProblemException.invalidField("tenant", "is required");
        }
        http.setAttribute(RequestLogging.TENANT_ATTRIBUTE, request.tenant());
        TenantId tenant = lookup.findIdBySlug(request.tenant())
                .orElseThrow(() -> ProblemException.invalidField("tenant", "unknown tenant '%s'".formatted(request.tenant())));
        if ((request.metric() == null) == (request.feature() == null)) {
            throw ProblemException.badRequest("validation", "Name either a metric or a feature",
                    Map.of("metric", "give either metric or feature"));
        }
        if (request.feature() != null) {
            if (request.quantity() != null || request.consume() != null) {
                throw ProblemException.invalidField("feature", "a feature check takes no quantity or consume");
            }
            return entitlements.checkFeature(tenant, request.feature());
        }
        long quantity = request.quantity() == null ? 1 : request.quantity();
        boolean consume = Boolean.TRUE.equals(request.consume());
        if (consume && !granted(Permissions.USAGE_WRITE)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden",
                    "consume=true records usage and needs the permission " + Permissions.USAGE_WRITE,
                    Map.of("permission", Permissions.USAGE_WRITE));
        }
        return entitlements.check(tenant, request.metric(), quantity, consume);
    }

    @GetMapping("/api/v1/tenants/{slug}/entitlements")
    @PreAuthorize("hasAnyAuthority('entitlements.read', 'tenants.read')")
    @Operation(summary = "Everything the tenant may do now, with usage; ETag and If-None-Match for caching")
    ResponseEntity<byte[]> snapshot(@PathVariable String slug,
            @RequestHeader(name = "If-None-Match", required = false) @Nullable String ifNoneMatch,
            HttpServletRequest http) {
        http.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        EntitlementSnapshot snapshot = entitlements.snapshot(tenant(slug));
        byte[] body = json.writeValueAsBytes(snapshot);
        String etag = "\"" + Hashes.sha256(body).substring(0, 32) + "\"";
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).header("Cache-Control", "private, no-cache")
                    .build();
        }
        return ResponseEntity.ok().eTag(etag).header("Cache-Control", "private, no-cache")
                .contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** {@code limit} for a metric or {@code enabled} for a feature; {@code until} the last day (tenant-local). */
    record OverrideRequest(@Nullable Long limit, @Nullable Boolean enabled, @Nullable LocalDate until,
            @Nullable String reason) {
    }

    @GetMapping("/api/v1/tenants/{slug}/overrides")
    @PreAuthorize("hasAnyAuthority('entitlements.read', 'tenants.read', 'tenants.manage')")
    PageResponse<EntitlementOverride> listOverrides(@PathVariable String slug,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        PageRequest paging = PageRequest.of(page, size);
        return paging.slice(overrides.list(tenant(slug)));
    }

    @PutMapping("/api/v1/tenants/{slug}/overrides/{key}")
    @PreAuthorize("hasAuthority('tenants.manage')")
    @Operation(summary = "Override a limit ({\"limit\": 1000}) or a feature ({\"enabled\": true}) for one tenant, optionally until a date")
    EntitlementOverride putOverride(@PathVariable String slug, @PathVariable String key,
            @RequestBody OverrideRequest request, HttpServletRequest http) {
        http.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        return overrides.put(tenant(slug), key, request.limit(), request.enabled(), request.until(),
                request.reason() == null ? "" : request.reason());
    }

    @DeleteMapping("/api/v1/tenants/{slug}/overrides/{key}")
    @PreAuthorize("hasAuthority('tenants.manage')")
    @ApiResponse(responseCode = "204", description = "Removed: the plan's own value applies again")
    ResponseEntity<Void> removeOverride(@PathVariable String slug, @PathVariable String key,
            @RequestParam(required = false) @Nullable String reason, HttpServletRequest http) {
        http.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        overrides.remove(tenant(slug), key, reason == null ? "" : reason);
        return ResponseEntity.noContent().build();
    }

    private TenantId tenant(String slug) {
        return lookup.findIdBySlug(slug).orElseThrow(() -> ProblemException.notFound("Tenant", slug));
    }

    private static boolean granted(String permission) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getAuthorities().stream().anyMatch(a -> permission.equals(a.getAuthority()));
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
