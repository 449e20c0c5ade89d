package org.atrium.tenancy.web;

import java.util.Map;

import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.web.RequestLogging;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.TenantAdministration;
import org.atrium.tenancy.TenantDraft;
import org.atrium.tenancy.TenantQuery;
import org.atrium.tenancy.TenantStatus;
import org.atrium.tenancy.Tenants;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

@RestController
@RequestMapping("/api/v1/tenants")
@Tag(name = "Tenants")
class TenantController {

    private final TenantAdministration administration;
    private final Tenants tenants;

    TenantController(TenantAdministration administration, Tenants tenants) {
        this.administration = administration;
        this.tenants = tenants;
    }

    record Reason(String reason) {
    }

    @GetMapping
    @PreAuthorize("hasAnyAuthority('tenants.read', 'tenants.manage')")
    @Operation(summary = "List tenants: filter by status and plan, search name or slug with q, page and sort")
    PageResponse<TenantView> list(@RequestParam(required = false) String status,
            @RequestParam(required = false) String plan, @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "false") boolean deleted, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size, @RequestParam(required = false) String sort) {
        TenantStatus parsed = null;
        if (status != null) {
            try {
                parsed = TenantStatus.fromCode(status);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("status", e.getMessage());
            }
        }
        return administration.list(new TenantQuery(parsed, plan, q, deleted),
                PageRequest.of(page, size, sort, Map.of("name", "name", "slug", "slug", "createdAt", "created_at",
                        "status", "status", "plan", "plan_slug", "updatedAt", "updated_at"), "createdAt,desc"))
                .map(TenantView::of);
    }

    @PostMapping
    @PreAuthorize("hasAuthority('tenants.manage')")
    @ApiResponse(responseCode = "201", description = "Created: the tenant, on a trial of its plan, with a wallet")
    ResponseEntity<TenantView> create(@RequestBody TenantDraft draft, HttpServletRequest request) {
        Tenant tenant = administration.create(draft);
        request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, tenant.slug());
        return ResponseEntity.status(HttpStatus.CREATED).eTag("\"" + tenant.version() + "\"")
                .header("Location", "/api/v1/tenants/" + tenant.slug()).body(TenantView.of(tenant));
    }

    @GetMapping("/{slug}")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'tenants.manage')")
    ResponseEntity<TenantView> get(@PathVariable String slug, HttpServletRequest request) {
        request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        Tenant tenant = tenants.requireBySlug(slug);
        return ResponseEntity.ok().eTag("\"" + tenant.version() + "\"").body(TenantView.of(tenant));
    }

    @PatchMapping(path = "/{slug}", consumes = { "application/json", "application/merge-patch+json" })
    @PreAuthorize("hasAuthority('tenants.manage')")
    @Operation(summary = "Change name, legal name, contact, regional settings or feature switches (JSON merge patch)")
    ResponseEntity<TenantView> update(@PathVariable String slug, @RequestBody String patch,
            @RequestHeader(name = "If-Match", required = false) String ifMatch, HttpServletRequest request) {
        request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        Tenant tenant = administration.update(slug, patch, org.atrium.platform.IfMatch.version(ifMatch));
        return ResponseEntity.ok().eTag("\"" + tenant.version() + "\"").body(TenantView.of(tenant));
    }

    @DeleteMapping("/{slug}")
    @PreAuthorize("hasAuthority('tenants.manage')")
    @Operation(summary = "Soft-delete a tenant; it can be restored within 30 days")
    TenantView delete(@PathVariable String slug, HttpServletRequest request) {
        request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        return TenantView.of(administration.delete(slug));
    }

    @PostMapping("/{slug}/restore")
    @PreAuthorize("hasAuthority('tenants.manage')")
    TenantView restore(@PathVariable String slug, HttpServletRequest request) {
        request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        return TenantView.of(administration.restore(slug));
    }

    @PostMapping("/{slug}/suspend")
    @PreAuthorize("hasAuthority('tenants.manage')")
    TenantView suspend(@PathVariable String slug, @RequestBody Reason body, HttpServletRequest request) {
        request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        return TenantView.of(administration.suspend(slug, body.reason()));
    }

    @PostMapping("/{slug}/activate")
    @PreAuthorize("hasAuthority('tenants.manage')")
    TenantView activate(@PathVariable String slug, @RequestBody Reason body, HttpServletRequest request) {
        request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        return TenantView.of(administration.lift(slug, body.reason()));
    }
}
