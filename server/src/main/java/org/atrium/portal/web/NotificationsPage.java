package org.atrium.portal.web;

import java.util.UUID;

import org.atrium.identity.TenantRole.TenantPermissions;
import org.atrium.notifications.Notifications;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;

/** The tenant's in-app notifications, newest first, with the unread ones marked; marking one read. */
@Controller
class NotificationsPage {

    private final Notifications notifications;

    NotificationsPage(Notifications notifications) {
        this.notifications = notifications;
    }

    @GetMapping({ "/t/{slug}/portal/notifications", "/portal/notifications" })
    String page(@RequestParam(required = false) Integer page, @RequestParam(defaultValue = "false") boolean unread,
            HttpServletRequest request, Model model) {
        Portal.require(TenantPermissions.READ);
        model.addAttribute("notifications",
                notifications.inApp(Portal.tenant(request).id(), unread, Portal.newest(page, "created_at")));
        model.addAttribute("unreadOnly", unread);
        return "portal/notifications";
    }

    /** Marking read is the user's own bookkeeping, not a change of the tenant's data: open in read-only too. */
    @PostMapping({ "/t/{slug}/portal/notifications/{id}/read", "/portal/notifications/{id}/read" })
    String read(@PathVariable UUID id, HttpServletRequest request) {
        Portal.require(TenantPermissions.READ);
        notifications.markRead(Portal.tenant(request).id(), id);
        return "redirect:" + Portal.base(request) + "/notifications";
    }
}
