package org.atrium.subscriptions.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atrium.notifications.NotificationRequest;
import org.atrium.notifications.NotificationType;
import org.atrium.notifications.Notifications;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.springframework.stereotype.Component;

/**
 * The lifecycle's notices to a tenant: mailed to its billing address (when it has one) and shown in its portal, each
 * at most once per dedupe key, inside the transaction of the change it tells about.
 */
@Component
class Notices {

    private final Notifications notifications;
    private final Tenants tenants;

    Notices(Notifications notifications, Tenants tenants) {
        this.notifications = notifications;
        this.tenants = tenants;
    }

    void send(TenantId tenantId, NotificationType type, String dedupeKey, Map<String, Object> model) {
        send(tenants.require(tenantId), type, dedupeKey, model);
    }

    /** The same, to a tenant the caller has just read in its transaction. */
    void send(Tenant tenant, NotificationType type, String dedupeKey, Map<String, Object> model) {
        notifications.enqueue(request(new Notice(tenant, type, dedupeKey, model)));
    }

    /** One notice of {@link #sendAll}. */
    record Notice(Tenant tenant, NotificationType type, String dedupeKey, Map<String, Object> model) {
    }

    /** Several notices, written together. */
    void sendAll(List<Notice> notices) {
        notifications.enqueueAll(notices.stream().map(Notices::request).toList());
    }

    private static NotificationRequest request(Notice notice) {
        Map<String, Object> values = new LinkedHashMap<>(notice.model());
        values.putIfAbsent("tenantName", notice.tenant().name());
        return new NotificationRequest(notice.dedupeKey(), notice.tenant().id(), notice.type(),
                notice.tenant().contact().billingRecipient(), values);
    }
}
