package org.atrium.metering.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.atrium.metering.UsageThresholdCrossed;
import org.atrium.notifications.NotificationRequest;
import org.atrium.notifications.NotificationType;
import org.atrium.notifications.Notifications;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells the tenant when its usage crosses 80 % or 100 % of a limit: one notification per threshold and period
 * (the dedupe key names both), written in the transaction that recorded the usage.
 */
@Component
class UsageAlerts {

    private final Notifications notifications;
    private final Tenants tenants;

    UsageAlerts(Notifications notifications, Tenants tenants) {
        this.notifications = notifications;
        this.tenants = tenants;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(UsageThresholdCrossed crossed) {
        Tenant tenant = tenants.require(crossed.tenantId());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("tenantName", tenant.name());
        model.put("metric", crossed.metric());
        model.put("threshold", crossed.threshold());
        model.put("current", crossed.current());
        model.put("limit", crossed.limit());
        model.put("periodStart", crossed.periodStart());
        model.put("periodEnd", crossed.periodEnd().minusDays(1));
        notifications.enqueue(new NotificationRequest("usage:%s:%s:%s:%d".formatted(crossed.tenantId(),
                crossed.metric(), crossed.periodStart(), crossed.threshold()), crossed.tenantId(),
                NotificationType.USAGE_THRESHOLD_REACHED, tenant.contact().billingRecipient(), model));
    }
}
