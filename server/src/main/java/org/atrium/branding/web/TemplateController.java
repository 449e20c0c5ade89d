package org.atrium.branding.web;

import java.util.List;

import org.atrium.notifications.NotificationTemplate;
import org.atrium.notifications.NotificationType;
import org.atrium.notifications.TemplateOverrides;
import org.atrium.notifications.TemplatePreview;
import org.atrium.notifications.TemplateText;
import org.atrium.notifications.TemplateVersion;
import org.atrium.platform.IfMatch;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.platform.web.RequestLogging;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A tenant's notification templates for staff and the tenant's API keys. The templates are stored and rendered by
 * the notifications module; this is the tenant-facing surface beside the brand and the domains.
 */
@RestController
@RequestMapping("/api/v1/tenants/{slug}/notification-templates")
@Tag(name = "Notification templates")
class TemplateController {

    private final TemplateOverrides templates;
    private final Tenants tenants;

    TemplateController(TemplateOverrides templates, Tenants tenants) {
        this.templates = templates;
        this.tenants = tenants;
    }

    @GetMapping
    @PreAuthorize("hasAnyAuthority('tenants.read', 'tenants.manage')")
    PageResponse<NotificationTemplate> list(@PathVariable String slug, HttpServletRequest request) {
        List<NotificationTemplate> all = templates.list(tenant(slug, request));
        return new PageResponse<>(all, 0, all.size(), all.size());
    }

    @GetMapping("/{type}")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'tenants.manage')")
    ResponseEntity<NotificationTemplate> get(@PathVariable String slug, @PathVariable String type,
            HttpServletRequest request) {
        return tagged(templates.get(tenant(slug, request), type(type)));
    }

    @PutMapping("/{type}")
    @PreAuthorize("hasAuthority('tenants.manage')")
    @Operation(summary = "Override a notification's subject, body and SMS text; only {{variable}} of the type's variables")
    ResponseEntity<NotificationTemplate> save(@PathVariable String slug, @PathVariable String type,
            @RequestBody TemplateText text, @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return tagged(templates.save(tenant(slug, request), type(type), text, IfMatch.version(ifMatch)));
    }

    @DeleteMapping("/{type}")
    @PreAuthorize("hasAuthority('tenants.manage')")
    @Operation(summary = "Reset to the default wording (the history keeps the override)")
    ResponseEntity<NotificationTemplate> reset(@PathVariable String slug, @PathVariable String type,
            HttpServletRequest request) {
        return tagged(templates.reset(tenant(slug, request), type(type)));
    }

    @PostMapping("/{type}/preview")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'tenants.manage')")
    @Operation(summary = "Render a text (or, without a body, the current one) on sample data")
    TemplatePreview preview(@PathVariable String slug, @PathVariable String type,
            @RequestBody(required = false) @Nullable TemplateText text, HttpServletRequest request) {
        return templates.preview(tenant(slug, request), type(type), text);
    }

    @GetMapping("/{type}/history")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'tenants.manage')")
    PageResponse<TemplateVersion> history(@PathVariable String slug, @PathVariable String type,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
            HttpServletRequest request) {
        return templates.history(tenant(slug, request), type(type), PageRequest.of(page, size));
    }

    static NotificationType type(String code) {
        try {
            return NotificationType.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("Notification template", code);
        }
    }

    private TenantId tenant(String slug, HttpServletRequest request) {
        request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        return tenants.requireBySlug(slug).id();
    }

    private static ResponseEntity<NotificationTemplate> tagged(NotificationTemplate template) {
        return ResponseEntity.ok().eTag("\"" + template.version() + "\"").body(template);
    }
}
