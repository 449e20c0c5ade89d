package org.atrium.notifications.web;

import java.util.Map;
import java.util.UUID;

import org.atrium.notifications.InAppNotification;
import org.atrium.notifications.Notifications;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.TenantId;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/notifications")
@Tag(name = "Notifications")
@PreAuthorize("hasAuthority('tenants.read')")
class InAppNotificationsController {

    private static final Map<String, String> SORTABLE = Map.of("createdAt", "created_at");

    private final Notifications notifications;

    InAppNotificationsController(Notifications notifications) {
        this.notifications = notifications;
    }

    @GetMapping
    @Operation(summary = "List a tenant's in-app notifications, newest first; unread=true for the unread ones only")
    PageResponse<InAppNotification> list(@RequestParam UUID tenantId,
            @RequestParam(defaultValue = "false") boolean unread, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size, @RequestParam(required = false) String sort) {
        return notifications.inApp(TenantId.of(tenantId), unread,
                PageRequest.of(page, size, sort, SORTABLE, "createdAt,desc"));
    }

    @PostMapping("/{id}/read")
    @PreAuthorize("hasAuthority('tenants.manage')")
    @Operation(summary = "Mark an in-app notification read (again: no change); tenantId limits it to that tenant's")
    InAppNotification markRead(@PathVariable UUID id, @RequestParam(required = false) UUID tenantId) {
        return tenantId == null ? notifications.markReadOfAnyTenant(id)
                : notifications.markRead(TenantId.of(tenantId), id);
    }
}
