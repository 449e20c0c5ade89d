package org.atrium.subscriptions.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.notifications.NotificationType;
import org.atrium.operations.PlatformSettings;
import org.atrium.operations.Settings;
import org.atrium.platform.AdjustableClock;
import org.atrium.platform.ProblemException;
import org.atrium.subscriptions.BillingCalendar;
import org.atrium.subscriptions.LifecycleAction;
import org.atrium.subscriptions.Subscription;
import org.atrium.subscriptions.SubscriptionStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The daily run: subscription rules, then dunning of overdue invoices (reminders 1, 3 and 7 days after the due date;
 * suspension after the configured number of days overdue). Also the sandbox's time travel, which runs it for every
 * day passed.
 */
@Service
public class LifecycleRuns {

    private static final Logger log = LoggerFactory.getLogger(LifecycleRuns.class);
    private static final int[] REMINDER_DAYS = { 1, 3, 7 };

    private final SubscriptionLifecycle lifecycle;
    private final SubscriptionStore store;
    private final Charging charging;
    private final Notices notices;
    private final Settings settings;
    private final AuditLog audit;
    private final AdjustableClock clock;
    private final TransactionTemplate tx;
    private final boolean sandbox;

    LifecycleRuns(SubscriptionLifecycle lifecycle, SubscriptionStore store, Charging charging, Notices notices,
            Settings settings, AuditLog audit, AdjustableClock clock, TransactionTemplate tx,
            @Value("${atrium.sandbox:false}") boolean sandbox) {
        this.lifecycle = lifecycle;
        this.store = store;
        this.charging = charging;
        this.notices = notices;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
        this.sandbox = sandbox;
    }

    public List<LifecycleAction> run(boolean dryRun) {
        Instant now = clock.instant();
        List<LifecycleAction> actions = new ArrayList<>(lifecycle.run(now, dryRun));
        actions.addAll(dunning(now, dryRun));
        if (!dryRun && !actions.isEmpty()) {
            log.info("Lifecycle run at {}: {} actions", now, actions.size());
        }
        return actions;
    }

    /** Marks invoices overdue, sends each reminder once, and suspends tenants overdue too long. */
    List<LifecycleAction> dunning(Instant now, boolean dryRun) {
        PlatformSettings config = settings.current();
        LocalDate today = BillingCalendar.dateOf(now, ZoneId.of(config.defaultTimezone()));
        List<Charging.OverdueInvoice> overdue = dryRun ? charging.overdue(today)
                : tx.execute(s -> charging.markOverdue(today));
        List<LifecycleAction> actions = new ArrayList<>();
        for (Charging.OverdueInvoice invoice : overdue) {
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
                    Subscription saved = store.save(s.suspend(invoice.number()), s.status(), "suspended_overdue",
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

    /** Sandbox time travel: moves the clock forward a day at a time, running the lifecycle for each day passed. */
    public Map<String, Object> travel(Integer advanceDays, Instant to) {
        if (!sandbox) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Sandbox mode is off");
        }
        if ((advanceDays == null) == (to == null)) {
            throw ProblemException.badRequest("validation", "Give either advanceDays or to",
                    Map.of("advanceDays", "either this or 'to'"));
        }
        Instant start = clock.instant();
        Instant target = to != null ? to : start.plus(java.time.Duration.ofDays(advanceDays));
        if (advanceDays != null && (advanceDays < 1 || advanceDays > 3660)) {
            throw ProblemException.invalidField("advanceDays", "must be between 1 and 3660");
        }
        if (!target.isAfter(start)) {
            throw ProblemException.invalidField("to", "must be later than the current sandbox time " + start);
        }
        List<LifecycleAction> actions = new ArrayList<>();
        int days = 0;
        while (clock.instant().isBefore(target)) {
            Instant next = clock.instant().plus(java.time.Duration.ofDays(1));
            clock.advanceTo(next.isAfter(target) ? target : next);
            actions.addAll(run(false));
            days++;
        }
        audit.record(AuditEntry.of("sandbox.clock_advanced", null, "clock", Map.of("now", start.toString()),
                Map.of("now", clock.instant().toString(), "days", days)));
        return Map.of("now", clock.instant().toString(), "offsetSeconds", clock.offset().toSeconds(), "daysRun", days,
                "actions", actions);
    }

    public Map<String, Object> clock() {
        if (!sandbox) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Sandbox mode is off");
        }
        return Map.of("now", clock.instant().toString(), "offsetSeconds", clock.offset().toSeconds());
    }
}
