package org.atrium.subscriptions.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.catalog.BillingCycle;
import org.atrium.catalog.Catalog;
import org.atrium.catalog.Plan;
import org.atrium.notifications.NotificationType;
import org.atrium.operations.Settings;
import org.atrium.platform.Money;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.subscriptions.BillingCalendar;
import org.atrium.subscriptions.CollectionMode;
import org.atrium.subscriptions.EffectiveWhen;
import org.atrium.subscriptions.ProrationQuote;
import org.atrium.subscriptions.SelfService;
import org.atrium.subscriptions.Subscription;
import org.atrium.subscriptions.SubscriptionChange;
import org.atrium.subscriptions.SubscriptionHistoryEntry;
import org.atrium.subscriptions.SubscriptionHistoryEntry.Kind;
import org.atrium.subscriptions.SubscriptionManagement;
import org.atrium.subscriptions.SubscriptionStatus;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The owner's actions on a subscription: assign a plan, upgrade or downgrade with proration, cancel, reactivate,
 * extend. Each is one transaction; anything refused (402, 409, 400) changes nothing.
 */
@Service
class SubscriptionManagementService implements SubscriptionManagement, SelfService {

    private final SubscriptionStore store;
    private final Catalog catalog;
    private final Tenants tenants;
    private final Settings settings;
    private final Charging charging;
    private final Notices notices;
    private final AuditLog audit;
    private final Clock clock;
    private final LifecycleEvents events;

    SubscriptionManagementService(SubscriptionStore store, Catalog catalog, Tenants tenants,
            Settings settings, Charging charging, Notices notices, AuditLog audit, Clock clock,
            LifecycleEvents events) {
        this.store = store;
        this.catalog = catalog;
        this.tenants = tenants;
        this.settings = settings;
        this.charging = charging;
        this.notices = notices;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
    }

    @Override
    public Subscription get(String slug) {
        return store.require(tenants.requireBySlug(slug).id());
    }

    @Override
    public List<SubscriptionHistoryEntry> history(String slug) {
        return store.historyOf(tenants.requireBySlug(slug).id());
    }

    @Override
    public ProrationQuote preview(String slug, String planSlug, @Nullable String cycleCode,
            @Nullable EffectiveWhen effective) {
        Tenant tenant = tenants.requireBySlug(slug);
        Subscription s = store.require(tenant.id());
        Plan target = activePlan(planSlug);
        BillingCycle cycle = cycle(cycleCode, s.cycle());
        return plan(s, target, cycle, effective).quote();
    }

    @Override
    @Transactional
    public Subscription change(String slug, SubscriptionChange change) {
        Tenant tenant = tenants.requireBySlug(slug);
        Subscription s = store.lock(tenant.id()).orElseThrow(() -> ProblemException.notFound("Subscription", slug));
        Plan target = activePlan(change.plan());
        BillingCycle cycle = cycle(change.cycle(), s.cycle());
        CollectionMode collection = change.collection() == null ? CollectionMode.WALLET : change.collection();
        EffectiveWhen effective = change.effective();
        if (change.dueDays() != null && (change.dueDays() < 0 || change.dueDays() > 365)) {
            throw ProblemException.invalidField("dueDays", "must be between 0 and 365");
        }
        if (target.price(cycle).isEmpty()) {
            throw ProblemException.invalidField("cycle", "plan '%s' has no %s price".formatted(target.slug(), cycle.code()));
        }
        // A trial changes plan freely; it is charged when it ends.
        if (s.status() == SubscriptionStatus.TRIAL && change.collection() == null) {
            return planChanged(s, saveChange(s, s.switchPlan(target.slug(), cycle), Kind.TRIAL_PLAN_CHANGED,
                    Map.of("from", s.plan(), "to", target.slug(), "cycle", cycle.code())), null, null);
        }
        // An owner assignment names how it is collected; without it, an active subscription changes plan.
        if (s.status() == SubscriptionStatus.ACTIVE && change.collection() == null) {
            if (target.slug().equals(s.plan()) && cycle == s.cycle()) {
                return s.pendingPlan() == null ? s : saveChange(s, s.schedule(null, null), Kind.DOWNGRADE_CANCELLED, null);
            }
            PlanChange planned = plan(s, target, cycle, effective);
            ProrationQuote quote = planned.quote();
            return switch (quote.kind()) {
                case UPGRADE -> upgrade(s, target, cycle, planned);
                case DOWNGRADE -> quote.effective() == EffectiveWhen.NOW ? downgradeNow(s, target, cycle, planned)
                        : saveChange(s, s.schedule(target.slug(), cycle), Kind.DOWNGRADE_SCHEDULED,
                                Map.of("plan", target.slug(), "cycle", cycle.code(), "effectiveOn",
                                        s.periodEnd().toString()));
                case NEW_PERIOD -> newPeriod(s, target, cycle, planned);
            };
        }
        return assign(s, tenant, target, cycle, collection, change.dueDays());
    }

    @Override
    @Transactional
    public ReportedChange changeAndReport(String slug, SubscriptionChange change) {
        TenantId tenant = tenants.requireBySlug(slug).id();
        store.lock(tenant).orElseThrow(() -> ProblemException.notFound("Subscription", slug));
        int before = store.historyOf(tenant).size();
        Subscription after = change(slug, change);
        List<SubscriptionHistoryEntry> rows = store.historyOf(tenant);
        return new ReportedChange(after, rows.size() > before ? rows.get(rows.size() - 1) : null);
    }

    /** A new period from today on the plan, paid from the wallet now or invoiced; any open invoice is voided. */
    private Subscription assign(Subscription s, Tenant tenant, Plan plan, BillingCycle cycle, CollectionMode collection,
            Integer dueDays) {
        Instant now = clock.instant();
        LocalDate today = BillingCalendar.dateOf(now, s.zone());
        Money price = plan.price(cycle).orElseThrow();
        LocalDate end = BillingCalendar.periodEnd(today, cycle, 1);
        String invoice = null;
        Money total = null;
        if (!price.isZero()) {
            String description = "%s plan, %s (%s to %s)".formatted(plan.name(), cycle.code(), today, end.minusDays(1));
            Charging.Charge charge = new Charging.Charge("assignment:" + s.id() + ":" + now.toEpochMilli(),
                    List.of(new Charging.Line(description, price, today, end)));
            total = charging.totalOf(s.tenantId(), charge);
            if (collection == CollectionMode.WALLET) {
                requireBalance(s.tenantId(), total);
                invoice = charging.chargeWallet(s.tenantId(), charge);
            } else {
                int days = dueDays != null ? dueDays : settings.current().invoiceDueDays();
                invoice = charging.invoice(s.tenantId(), charge, today.plusDays(days));
            }
        }
        String superseded = s.openInvoice();
        if (superseded != null) {
            charging.cancel(superseded, "Superseded by the assignment of the %s plan".formatted(plan.slug()));
        }
        Subscription assigned = s.withAutoRenew(s.autoRenew() || s.status() == SubscriptionStatus.CANCELLED
                || s.status() == SubscriptionStatus.EXPIRED).withOpenInvoice(null)
                .activate(plan.slug(), cycle, today, 1);
        if (collection == CollectionMode.INVOICE && invoice != null) {
            assigned = assigned.withOpenInvoice(invoice);
        }
        Subscription saved = saveChange(s, assigned, Kind.ASSIGNED,
                Map.of("plan", plan.slug(), "cycle", cycle.code(), "collection", collection.code(),
                        "invoice", invoice == null ? "" : invoice,
                        "supersededInvoice", superseded == null ? "" : superseded));
        events.publish(LifecycleEvents.Kind.ACTIVATED, slugOf(saved), s.status(), saved, total, invoice);
        notices.send(s.tenantId(), NotificationType.SUBSCRIPTION_ASSIGNED, "assigned:" + s.id() + ":" + saved.version(),
                Map.of("planName", plan.name(), "startsOn", saved.periodStart(), "cycle", cycle.code(),
                        "nextRenewalOn", saved.periodEnd(), "invoice", invoice == null ? "" : invoice,
                        "amount", price));
        return saved;
    }

    /**
     * A plan change as it will be carried out: the quote, the lines to invoice, the current period's invoices (the
     * newest first) to credit the unused part against, and the unpaid invoice of the period to void, if any.
     */
    record PlanChange(ProrationQuote quote, List<Charging.Line> lines, List<Charging.PeriodInvoice> invoices,
            Charging.@Nullable PeriodInvoice voided) {
    }

    /** Same cycle, more per month: the rest of the period on the new plan, prorated from the catalog prices (a). */
    private Subscription upgrade(Subscription s, Plan target, BillingCycle cycle, PlanChange planned) {
        ProrationQuote quote = planned.quote();
        String invoice = null;
        if (quote.net().isPositive()) {
            requireBalance(s.tenantId(), quote.total());
            invoice = charging.chargeWallet(s.tenantId(), new Charging.Charge(changeKey(s), planned.lines()));
        }
        Subscription saved = saveChange(s, s.switchPlan(target.slug(), cycle), Kind.UPGRADED,
                Map.of("from", s.plan(), "to", target.slug(), "cycle", cycle.code(), "credit",
                        quote.credit().toPlainString(), "charge", quote.charge().toPlainString(), "invoice",
                        invoice == null ? "" : invoice));
        return planChanged(s, saved, invoice == null ? null : quote.total(), invoice);
    }

    /**
     * Same cycle, less per month, now (c): the unused part of what was paid for the period comes back, less the new
     * plan for the days left, as one credit note spread over the period's invoices; an unpaid period is re-invoiced.
     */
    private Subscription downgradeNow(Subscription s, Plan target, BillingCycle cycle, PlanChange planned) {
        ProrationQuote q = planned.quote();
        String reason = "Downgrade from %s to %s: unused time, %d of %d days".formatted(s.plan(), target.slug(),
                q.daysLeft(), q.daysInPeriod());
        Subscription after = s.switchPlan(target.slug(), cycle);
        String invoice = null;
        if (planned.voided() == null && !q.total().isPositive()) {
            credit(s, planned.invoices(), q.total().negate(), reason);
        } else {
            invoice = moveMoney(s, planned, reason);
            if (planned.voided() != null) {
                after = after.withOpenInvoice(invoice);
            }
        }
        return planChanged(s, saveChange(s, after, Kind.DOWNGRADED, details(s, target, cycle, q, invoice,
                planned.voided())), q.total().isZero() ? null : q.total(), invoice);
    }

    /**
     * A change of cycle (b): the current period ends today, its unused part is credited from what was paid for it,
     * and a full period of the new cycle starts today, charged in full.
     */
    private Subscription newPeriod(Subscription s, Plan target, BillingCycle cycle, PlanChange planned) {
        ProrationQuote q = planned.quote();
        String invoice = moveMoney(s, planned, "Change from %s %s to %s %s: unused time, %d of %d days".formatted(
                s.plan(), s.cycle().code(), target.slug(), cycle.code(), q.daysLeft(), q.daysInPeriod()));
        Subscription after = s.startNewPeriod(target.slug(), cycle, q.changeDate(),
                planned.voided() != null ? invoice : null);
        return planChanged(s, saveChange(s, after, Kind.CYCLE_CHANGED, details(s, target, cycle, q, invoice,
                planned.voided())), q.total().isZero() ? null : q.total(), invoice);
    }

    /**
     * Credits {@code credit} and invoices the lines: paid from the wallet (402 before anything moves when the wallet
     * and the credit together do not cover it), or, when the period was unpaid, voiding its invoice and leaving the
     * new one open until the same due date. Returns the new invoice's number, if there is one.
     */
    private @Nullable String moveMoney(Subscription s, PlanChange planned, String reason) {
        ProrationQuote q = planned.quote();
        Charging.PeriodInvoice voided = planned.voided();
        if (voided == null && !planned.lines().isEmpty() && q.total().isPositive()) {
            requireBalance(s.tenantId(), q.total());
        }
        credit(s, planned.invoices(), q.credit(), reason);
        if (voided != null) {
            charging.cancel(voided.number(), "Replaced by the change from %s to %s".formatted(q.fromPlan(), q.toPlan()));
        }
        if (planned.lines().isEmpty()) {
            return null;
        }
        Charging.Charge charge = new Charging.Charge(changeKey(s), planned.lines());
        if (voided == null) {
            return charging.chargeWallet(s.tenantId(), charge);
        }
        LocalDate today = q.changeDate();
        LocalDate due = voided.dueDate() == null || voided.dueDate().isBefore(today) ? today : voided.dueDate();
        return charging.invoice(s.tenantId(), charge, due);
    }

    /** Gives {@code amount} back against the period's invoices, the newest first, each at most what it can refund. */
    private void credit(Subscription s, List<Charging.PeriodInvoice> invoices, Money amount, String reason) {
        Money left = amount;
        for (Charging.PeriodInvoice invoice : invoices) {
            if (!left.isPositive()) {
                break;
            }
            Money take = left.compareTo(invoice.refundable()) > 0 ? invoice.refundable() : left;
            if (take.isPositive()) {
                charging.creditNote(s.tenantId(), invoice.number(), take, reason,
                        changeKey(s) + ":" + invoice.number());
                left = left.minus(take);
            }
        }
        if (left.isPositive()) {
            // The credit is a share of what these invoices were paid: it always fits.
            throw new IllegalStateException("Credit of " + amount + " exceeds what the period's invoices can refund");
        }
    }

    private Subscription planChanged(Subscription before, Subscription saved, @Nullable Money amount,
            @Nullable String invoice) {
        events.planChanged(slugOf(saved), before, saved, amount, invoice);
        return saved;
    }

    private String slugOf(Subscription s) {
        return tenants.require(s.tenantId()).slug();
    }

    private static String changeKey(Subscription s) {
        return "plan-change:" + s.id() + ":" + s.version();
    }

    private static Map<String, Object> details(Subscription s, Plan target, BillingCycle cycle, ProrationQuote q,
            @Nullable String invoice, Charging.@Nullable PeriodInvoice voided) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("from", s.plan());
        details.put("fromCycle", s.cycle().code());
        details.put("to", target.slug());
        details.put("cycle", cycle.code());
        details.put("paid", q.paid() == null ? "0" : q.paid().toPlainString());
        details.put("credited", q.credit().toPlainString());
        details.put("charged", q.charge().toPlainString());
        if (invoice != null) {
            details.put("invoice", invoice);
        }
        if (voided != null) {
            details.put("voidedInvoice", voided.number());
        }
        return details;
    }

    /**
     * The one computation behind both the preview and the change (see {@link ProrationQuote} for the rules). An
     * upgrade takes effect now; a downgrade at period end unless {@code effective} is {@code now}.
     */
    PlanChange plan(Subscription s, Plan target, BillingCycle cycle, @Nullable EffectiveWhen effective) {
        LocalDate today = BillingCalendar.dateOf(clock.instant(), s.zone());
        Plan current = catalog.requirePlan(s.plan());
        Money oldPrice = current.price(s.cycle()).orElseThrow();
        Money newPrice = target.price(cycle)
                .orElseThrow(() -> ProblemException.invalidField("cycle",
                        "plan '%s' has no %s price".formatted(target.slug(), cycle.code())));
        if (!oldPrice.currency().equals(newPrice.currency())) {
            throw ProblemException.conflict("currency-mismatch",
                    "Plan %s is priced in %s, the current plan in %s".formatted(target.slug(),
                            newPrice.currencyCode(), oldPrice.currencyCode()));
        }
        boolean up = perMonth(newPrice, cycle).compareTo(perMonth(oldPrice, s.cycle())) > 0;
        boolean newCycle = cycle != s.cycle();
        EffectiveWhen when = up ? EffectiveWhen.NOW : effective == null ? EffectiveWhen.PERIOD_END : effective;
        long days = BillingCalendar.days(s.periodStart(), s.periodEnd());
        long used = Math.min(days, BillingCalendar.days(s.periodStart(), today) + 1);
        Money zero = Money.zero(newPrice.currency());
        if (when == EffectiveWhen.PERIOD_END) {
            LocalDate nextEnd = newCycle ? BillingCalendar.periodEnd(s.periodEnd(), cycle, 1)
                    : BillingCalendar.periodEnd(s.anchorDate(), cycle, s.periodNumber() + 1);
            return new PlanChange(new ProrationQuote(s.plan(), s.cycle().code(), target.slug(), cycle.code(),
                    ProrationQuote.Kind.DOWNGRADE, today, s.periodEnd(), days, Math.max(0, days - used), zero,
                    zero, zero, zero, EffectiveWhen.PERIOD_END, null, null, s.periodEnd(), nextEnd), List.of(), List.of(), null);
        }
        if (up && !newCycle) {
            long left = Math.max(0, days - used);
            Money credit = ProrationQuote.prorate(oldPrice, left, days);
            Money charge = ProrationQuote.prorate(newPrice, left, days);
            Money net = charge.minus(credit);
            List<Charging.Line> lines = List.of(new Charging.Line(
                    "Upgrade from %s to %s for the %d of %d days left until %s (charge %s, credit %s)".formatted(
                            s.plan(), target.slug(), left, days, s.periodEnd().minusDays(1), charge.toPlainString(),
                            credit.toPlainString()),
                    net, today.plusDays(1), s.periodEnd()));
            Money total = net.isPositive() ? charging.totalOf(s.tenantId(), new Charging.Charge("quote", lines)) : net;
            return new PlanChange(new ProrationQuote(s.plan(), s.cycle().code(), target.slug(), cycle.code(),
                    ProrationQuote.Kind.UPGRADE, today, s.periodEnd(), days, left, credit, charge, net, total,
                    EffectiveWhen.NOW, null, null, s.periodStart(),
                    s.periodEnd()), lines, List.of(), null);
        }
        // Priced from what was paid: a downgrade now, or any change of cycle. A change of cycle ends the current
        // period on the change day, which the new period then serves: the days left count from it.
        long left = newCycle ? Math.max(0, BillingCalendar.days(today, s.periodEnd())) : Math.max(0, days - used);
        List<Charging.PeriodInvoice> invoices = charging.subscriptionInvoices(s.tenantId(),
                store.invoicesOfPeriod(s.tenantId(), s));
        Money paid = zero;
        for (Charging.PeriodInvoice invoice : invoices) {
            paid = paid.plus(invoice.paid());
        }
        Money credit = ProrationQuote.prorate(paid, left, days);
        Charging.PeriodInvoice voided = s.openInvoice() == null ? null : invoices.stream()
                .filter(i -> i.number().equals(s.openInvoice()) && i.open() && i.paid().isZero()).findFirst()
                .orElse(null);
        List<Charging.Line> lines = new java.util.ArrayList<>();
        Money usedUnpaid = null;
        if (voided != null) {
            usedUnpaid = voided.subtotal().minus(ProrationQuote.prorate(voided.subtotal(), left, days));
            if (usedUnpaid.isPositive()) {
                LocalDate servedTo = newCycle ? today : today.plusDays(1);
                lines.add(new Charging.Line("%s plan, %s: %d of %d days used (%s to %s), replacing unpaid %s"
                        .formatted(current.name(), s.cycle().code(), days - left, days, s.periodStart(),
                                servedTo.minusDays(1), voided.number()),
                        usedUnpaid, s.periodStart(), servedTo));
            }
        }
        Money charge;
        LocalDate resultingStart;
        LocalDate resultingEnd;
        if (newCycle) {
            charge = newPrice;
            resultingStart = today;
            resultingEnd = BillingCalendar.periodEnd(today, cycle, 1);
            if (charge.isPositive()) {
                lines.add(new Charging.Line("%s plan, %s (%s to %s)".formatted(target.name(), cycle.code(), today,
                        resultingEnd.minusDays(1)), charge, today, resultingEnd));
            }
        } else {
            charge = ProrationQuote.prorate(newPrice, left, days);
            resultingStart = s.periodStart();
            resultingEnd = s.periodEnd();
            if (charge.isPositive()) {
                lines.add(new Charging.Line("%s plan for the %d of %d days left until %s, after the downgrade from %s"
                        .formatted(target.name(), left, days, s.periodEnd().minusDays(1), current.name()), charge,
                        today.plusDays(1), s.periodEnd()));
            }
        }
        Money invoiced = zero;
        for (Charging.Line line : lines) {
            invoiced = invoiced.plus(line.amount());
        }
        Money withTax = lines.isEmpty() ? zero : charging.totalOf(s.tenantId(), new Charging.Charge("quote", lines));
        return new PlanChange(new ProrationQuote(s.plan(), s.cycle().code(), target.slug(), cycle.code(),
                newCycle ? ProrationQuote.Kind.NEW_PERIOD : ProrationQuote.Kind.DOWNGRADE, today, s.periodEnd(), days,
                left, credit, charge, invoiced.minus(credit), withTax.minus(credit), EffectiveWhen.NOW, paid, usedUnpaid, resultingStart, resultingEnd),
                List.copyOf(lines), invoices, voided);
    }

    private static java.math.BigDecimal perMonth(Money price, BillingCycle cycle) {
        return price.amount().divide(java.math.BigDecimal.valueOf(cycle.months()), 6, java.math.RoundingMode.HALF_EVEN);
    }


    @Override
    public ProrationQuote quote(TenantId tenant, String plan, @Nullable String cycle) {
        return preview(tenants.require(tenant).slug(), plan, cycle, null);
    }

    @Override
    @Transactional
    public Subscription changePlan(TenantId tenant, String plan, @Nullable String cycle) {
        String slug = tenants.require(tenant).slug();
        Subscription s = store.lock(tenant).orElseThrow(() -> ProblemException.notFound("Subscription", slug));
        if (s.status() != SubscriptionStatus.TRIAL && s.status() != SubscriptionStatus.ACTIVE) {
            throw new ProblemException(HttpStatus.CONFLICT, "illegal-transition",
                    "A %s subscription cannot change plan; pay what is open first".formatted(s.status().code()),
                    Map.of("currentState", s.status().code(), "requestedState", "plan_changed"));
        }
        return change(slug, new SubscriptionChange(plan, cycle, null, null, null));
    }

    @Override
    @Transactional
    public Subscription cancelAtPeriodEnd(TenantId tenant, String reason) {
        return cancel(tenants.require(tenant).slug(), true, reason);
    }

    @Override
    @Transactional
    public Subscription resume(TenantId tenant) {
        return reactivate(tenants.require(tenant).slug());
    }

    @Override
    @Transactional
    public Subscription autoRenew(TenantId tenant, boolean enabled) {
        return autoRenew(tenants.require(tenant).slug(), enabled);
    }

    @Transactional
    public Subscription cancel(String slug, boolean atPeriodEnd, String reason) {
        requireReason(reason);
        Tenant tenant = tenants.requireBySlug(slug);
        Subscription s = store.lock(tenant.id()).orElseThrow(() -> ProblemException.notFound("Subscription", slug));
        Subscription after = atPeriodEnd ? s.cancelAtEndOfPeriod(true) : s.cancelNow(clock.instant());
        if (!atPeriodEnd && s.openInvoice() != null) {
            // Nothing is owed for a period that will not be served.
            charging.cancel(s.openInvoice(), "Subscription cancelled: " + reason.trim());
            after = after.withOpenInvoice(null);
        }
        Subscription saved = saveChange(s, after, atPeriodEnd ? Kind.CANCEL_SCHEDULED : Kind.CANCELLED,
                Map.of("reason", reason.trim()));
        events.cancelled(slugOf(saved), s.status(), saved, atPeriodEnd, reason.trim());
        notices.send(s.tenantId(), NotificationType.SUBSCRIPTION_CANCELLED, "cancelled:" + s.id() + ":" + saved.version(),
                Map.of("planName", catalog.requirePlan(s.plan()).name(), "endsOn",
                        atPeriodEnd ? s.periodEnd() : BillingCalendar.dateOf(clock.instant(), s.zone()),
                        "reason", reason.trim()));
        return saved;
    }

    @Override
    @Transactional
    public Subscription reactivate(String slug) {
        Tenant tenant = tenants.requireBySlug(slug);
        Subscription s = store.lock(tenant.id()).orElseThrow(() -> ProblemException.notFound("Subscription", slug));
        if (!s.cancelAtPeriodEnd()) {
            throw new ProblemException(HttpStatus.CONFLICT, "illegal-transition",
                    s.status() == SubscriptionStatus.CANCELLED || s.status() == SubscriptionStatus.EXPIRED
                            ? "The subscription has ended; assign a plan with PUT to start a new one"
                            : "The subscription is not set to cancel at period end",
                    Map.of("currentState", s.status().code(), "requestedState", "reactivated"));
        }
        Subscription saved = saveChange(s, s.cancelAtEndOfPeriod(false), Kind.REACTIVATED, null);
        events.publish(LifecycleEvents.Kind.REACTIVATED, slugOf(saved), s.status(), saved, null, null);
        return saved;
    }

    @Override
    @Transactional
    public Subscription extend(String slug, int days, String reason) {
        requireReason(reason);
        if (days < 1 || days > 366) {
            throw ProblemException.invalidField("days", "must be between 1 and 366");
        }
        Tenant tenant = tenants.requireBySlug(slug);
        Subscription s = store.lock(tenant.id()).orElseThrow(() -> ProblemException.notFound("Subscription", slug));
        return saveChange(s, s.extend(days), Kind.EXTENDED, Map.of("days", days, "reason", reason.trim()));
    }

    @Override
    @Transactional
    public Subscription autoRenew(String slug, boolean enabled) {
        Tenant tenant = tenants.requireBySlug(slug);
        Subscription s = store.lock(tenant.id()).orElseThrow(() -> ProblemException.notFound("Subscription", slug));
        if (s.autoRenew() == enabled) {
            return s;
        }
        return saveChange(s, s.withAutoRenew(enabled), enabled ? Kind.AUTO_RENEW_ON : Kind.AUTO_RENEW_OFF, null);
    }

    private Subscription saveChange(Subscription before, Subscription after, Kind event, Map<String, ?> details) {
        Subscription saved = store.save(after, before.status(), event, details);
        tenants.changeStatus(saved.tenantId(), saved.status().tenantStatus(), saved.plan());
        audit.record(AuditEntry.of("saas.subscription." + event.code(), saved.tenantId(),
                tenants.require(saved.tenantId()).slug(), before, saved));
        return saved;
    }

    private void requireBalance(TenantId tenant, Money total) {
        Money balance = charging.walletBalance(tenant);
        if (!RenewalPolicy.covers(balance, total)) {
            throw new ProblemException(HttpStatus.PAYMENT_REQUIRED, "insufficient-funds",
                    "The wallet holds %s but %s is required".formatted(balance, total),
                    Map.of("requiredAmount", total.toPlainString(), "balance", balance.toPlainString(), "currency",
                            total.currencyCode()));
        }
    }

    private Plan activePlan(String slug) {
        if (slug == null || slug.isBlank()) {
            throw ProblemException.invalidField("plan", "is required");
        }
        Plan plan = catalog.findPlan(slug).orElseThrow(() -> ProblemException.invalidField("plan",
                "unknown plan '%s'".formatted(slug)));
        if (!plan.active()) {
            throw ProblemException.invalidField("plan", "plan '%s' is deactivated and cannot be chosen".formatted(slug));
        }
        return plan;
    }

    private static BillingCycle cycle(String code, BillingCycle fallback) {
        if (code == null) {
            return fallback;
        }
        try {
            return BillingCycle.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("cycle", e.getMessage());
        }
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw ProblemException.invalidField("reason", "is required");
        }
    }
}
