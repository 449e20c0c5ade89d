package org.atrium.subscriptions.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.notifications.NotificationType;
import org.atrium.operations.PlatformSettings;
import org.atrium.operations.Settings;
import org.atrium.platform.AdjustableClock;
import org.atrium.platform.TenantId;
import org.atrium.subscriptions.BillingCalendar;
import org.atrium.subscriptions.LifecycleAction;
import org.atrium.subscriptions.LifecycleRuns;
import org.atrium.subscriptions.Subscription;
import org.atrium.subscriptions.SubscriptionHistoryEntry;
import org.atrium.subscriptions.SubscriptionStatus;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The daily run: subscription rules, then dunning of overdue invoices (reminders 1, 3 and 7 days after the due date;
 * suspension after the configured number of days overdue). Sandbox time travel ({@link SandboxTimeTravel}) runs it
 * for every day passed, and for one tenant on its own test clock ({@link #runFor}).
 */
@Service
class DailyLifecycleRuns implements LifecycleRuns {

    private static final Logger log = LoggerFactory.getLogger(DailyLifecycleRuns.class);
    private static final int[] REMINDER_DAYS = { 1, 3, 7 };

    private final SubscriptionLifecycle lifecycle;
    private final SubscriptionStore store;
    private final Charging charging;
    private final Notices notices;
    private final Settings settings;
    private final AuditLog audit;
    private final AdjustableClock clock;
    private final TransactionTemplate tx;
    private final TenantClocks tenantClocks;

    DailyLifecycleRuns(SubscriptionLifecycle lifecycle, SubscriptionStore store, Charging charging, Notices notices,
            Settings settings, AuditLog audit, AdjustableClock clock, TransactionTemplate tx,
            TenantClocks tenantClocks) {
        this.lifecycle = lifecycle;
        this.store = store;
        this.charging = charging;
        this.notices = notices;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
        this.tenantClocks = tenantClocks;
    }

    /**
     * The daily run at the platform's time, for every tenant; a tenant on a test clock of its own is run at its own
     * time instead.
     */
    @Override
    public List<LifecycleAction> run(boolean dryRun) {
        Instant now = clock.instant();
        Set<TenantId> own = tenantClocks.tenants();
        List<LifecycleAction> actions = new ArrayList<>(lifecycle.run(now, dryRun, own));
        actions.addAll(dunning(now, dryRun, null, own));
        for (TenantId tenant : own) {
            actions.addAll(runFor(tenant, dryRun));
        }
        if (!dryRun && !actions.isEmpty()) {
            log.info("Lifecycle run at {}: {} actions", now, actions.size());
        }
        return actions;
    }

    /**
     * The run for one tenant only, at the tenant's time (its test clock, or the platform's): every rule and the
     * dunning of its invoices, with the clock saying the tenant's time for everything they compute.
     */
    List<LifecycleAction> runFor(TenantId tenant, boolean dryRun) {
        return tenantClocks.inTenantTime(tenant, () -> {
            Instant now = clock.instant();
            List<LifecycleAction> actions = new ArrayList<>(
                    dryRun ? lifecycle.preview(tenant, now) : lifecycle.process(tenant, now));
            actions.addAll(dunning(now, dryRun, tenant, Set.of()));
            return actions;
        });
    }

    List<LifecycleAction> dunning(Instant now, boolean dryRun) {
        return dunning(now, dryRun, null, Set.of());
    }

    /** Marks invoices overdue, sends each reminder once, and suspends tenants overdue too long. */
    private List<LifecycleAction> dunning(Instant now, boolean dryRun, @Nullable TenantId only, Set<TenantId> skip) {
        PlatformSettings config = settings.current();
        LocalDate today = BillingCalendar.dateOf(now, ZoneId.of(config.defaultTimezone()));
        List<Charging.OverdueInvoice> overdue = dryRun ? charging.overdue(today)
                : tx.execute(s -> only == null ? charging.markOverdue(today) : charging.markOverdue(only, today));
        List<LifecycleAction> actions = new ArrayList<>();
        for (Charging.OverdueInvoice invoice : overdue) {
            if (only != null ? !only.equals(invoice.tenant()) : skip.contains(invoice.tenant())) {
                continue;
            }
            long daysOverdue = BillingCalendar.days(invoice.dueDate(), today);
            if (dryRun) {
                continue;
            }
            tx.executeWithoutResult(status -> {
                for (int day : REMINDER_DAYS) {
                    String key = "overdue-reminder:" + invoice.number() + ":" + day;
                    if (daysOverdue >= day && store.claimNotice(invoice.tenant(), key)) {
                        notices.send(invoice.tenant(), NotificationType.INVOICE_OVERDUE, key,
                                Map.of("invoiceNumber", invoice.number(), "amountDue", invoice.amountDue(), "dueOn",
                                        invoice.dueDate(), "daysOverdue", daysOverdue));
                    }
                }
            });
            if (daysOverdue >= config.overdueSuspendDays()) {
                LifecycleAction action = tx.execute(status -> {
                    Subscription s = store.lock(invoice.tenant()).orElse(null);
                    if (s == null || !invoice.number().equals(s.openInvoice())
                            || !s.canBecome(SubscriptionStatus.SUSPENDED)) {
                        return null;
                    }
                    Subscription saved = store.save(s.suspend(invoice.number()), s.status(),
                            SubscriptionHistoryEntry.Kind.SUSPENDED_OVERDUE,
                            Map.of("invoice", invoice.number()));
                    lifecycle.syncTenant(saved);
                    lifecycle.suspendedOverdue(s, saved, invoice.amountDue(), invoice.number());
                    audit.record(AuditEntry.of("saas.subscription.suspended", s.tenantId(), invoice.number(), s, saved));
                    return new LifecycleAction(lifecycle.slugOf(s), "suspended_overdue", s.status().code(),
                            saved.status().code(), invoice.amountDue().toPlainString(),
                            invoice.amountDue().currencyCode(), invoice.number());
                });
                if (action != null) {
                    actions.add(action);
                }
            }
        }
        return actions;
    }
}
