package org.atrium.subscriptions.internal;

import java.util.LinkedHashMap;
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
        Map<String, Object> values = new LinkedHashMap<>(model);
        values.putIfAbsent("tenantName", tenant.name());
        notifications.enqueue(new NotificationRequest(dedupeKey, tenant.id(), type,
                tenant.contact().billingRecipient(), values));
    }
}
