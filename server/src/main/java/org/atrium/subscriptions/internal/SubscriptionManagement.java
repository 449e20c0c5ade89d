package org.atrium.subscriptions.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
import org.atrium.subscriptions.ProrationQuote;
import org.atrium.subscriptions.Subscription;
import org.atrium.subscriptions.SubscriptionChange;
import org.atrium.subscriptions.SubscriptionStatus;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The owner's actions on a subscription: assign a plan, upgrade or downgrade with proration, cancel, reactivate,
 * extend. Each is one transaction; anything refused (402, 409, 400) changes nothing.
 */
@Service
public class SubscriptionManagement {

    private final SubscriptionStore store;
    private final Catalog catalog;
    private final Tenants tenants;
    private final Settings settings;
    private final Charging charging;
    private final Notices notices;
    private final AuditLog audit;
    private final Clock clock;

    SubscriptionManagement(SubscriptionStore store, Catalog catalog, Tenants tenants,
            Settings settings, Charging charging, Notices notices, AuditLog audit, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.tenants = tenants;
        this.settings = settings;
        this.charging = charging;
        this.notices = notices;
        this.audit = audit;
        this.clock = clock;
    }

    public Subscription get(String slug) {
        return store.require(tenants.requireBySlug(slug).id());
    }

    public List<Map<String, Object>> history(String slug) {
        return store.historyOf(tenants.requireBySlug(slug).id());
    }

    /** The proration quote for changing to {@code plan}/{@code cycle} today, without changing anything. */
    public ProrationQuote preview(String slug, String planSlug, String cycleCode) {
        Tenant tenant = tenants.requireBySlug(slug);
        Subscription s = store.require(tenant.id());
        Plan target = activePlan(planSlug);
        BillingCycle cycle = cycle(cycleCode, s.cycle());
        return quote(s, target, cycle, null);
    }

    @Transactional
    public Subscription change(String slug, SubscriptionChange change) {
        Tenant tenant = tenants.requireBySlug(slug);
        Subscription s = store.lock(tenant.id()).orElseThrow(() -> ProblemException.notFound("Subscription", slug));
        Plan target = activePlan(change.plan());
        BillingCycle cycle = cycle(change.cycle(), s.cycle());
        String collection = change.collection() == null ? "wallet" : change.collection();
        if (!collection.equals("wallet") && !collection.equals("invoice")) {
            throw ProblemException.invalidField("collection", "must be wallet or invoice");
        }
        String effective = change.effective() == null ? "period_end" : change.effective();
        if (!effective.equals("now") && !effective.equals("period_end")) {
            throw ProblemException.invalidField("effective", "must be now or period_end");
        }
        if (change.dueDays() != null && (change.dueDays() < 0 || change.dueDays() > 365)) {
            throw ProblemException.invalidField("dueDays", "must be between 0 and 365");
        }
        if (target.price(cycle).isEmpty()) {
            throw ProblemException.invalidField("cycle", "plan '%s' has no %s price".formatted(target.slug(), cycle.code()));
        }
        // A trial changes plan freely; it is charged when it ends.
        if (s.status() == SubscriptionStatus.TRIAL && change.collection() == null) {
            return saveChange(s, s.switchPlan(target.slug(), cycle), "trial_plan_changed",
                    Map.of("from", s.plan(), "to", target.slug(), "cycle", cycle.code()));
        }
        // An owner assignment names how it is collected; without it, an active subscription changes plan.
        if (s.status() == SubscriptionStatus.ACTIVE && change.collection() == null) {
            if (target.slug().equals(s.plan()) && cycle == s.cycle()) {
                return s.pendingPlan() == null ? s : saveChange(s, s.schedule(null, null), "downgrade_cancelled", null);
            }
            ProrationQuote quote = quote(s, target, cycle, null);
            if (quote.kind().equals("upgrade")) {
                return upgrade(s, target, cycle, quote);
            }
            if (effective.equals("now")) {
                return downgradeNow(s, target, cycle, quote);
            }
            Subscription scheduled = s.schedule(target.slug(), cycle);
            return saveChange(s, scheduled, "downgrade_scheduled",
                    Map.of("plan", target.slug(), "cycle", cycle.code(), "effectiveOn", s.periodEnd().toString()));
        }
        return assign(s, tenant, target, cycle, collection, change.dueDays());
    }

    /**
     * {@link #change} and the history row it wrote (null when it changed nothing), read in the same transaction
     * under the subscription's row lock, so that the row is this change's and no other's.
     */
    @Transactional
    public ReportedChange changeAndReport(String slug, SubscriptionChange change) {
        TenantId tenant = tenants.requireBySlug(slug).id();
        store.lock(tenant).orElseThrow(() -> ProblemException.notFound("Subscription", slug));
        int before = store.historyOf(tenant).size();
        Subscription after = change(slug, change);
        List<Map<String, Object>> rows = store.historyOf(tenant);
        return new ReportedChange(after, rows.size() > before ? rows.get(rows.size() - 1) : null);
    }

    /** A change and the history row that records it ({@code event}, {@code details} as JSON text). */
    public record ReportedChange(Subscription subscription, @org.jspecify.annotations.Nullable Map<String, Object> history) {
    }

    /** A new period from today on the plan, paid from the wallet now or invoiced; any open invoice is voided. */
    private Subscription assign(Subscription s, Tenant tenant, Plan plan, BillingCycle cycle, String collection,
            Integer dueDays) {
        Instant now = clock.instant();
        LocalDate today = BillingCalendar.dateOf(now, s.zone());
        Money price = plan.price(cycle).orElseThrow();
        LocalDate end = BillingCalendar.periodEnd(today, cycle, 1);
        String invoice = null;
        if (!price.isZero()) {
            String description = "%s plan, %s (%s to %s)".formatted(plan.name(), cycle.code(), today, end.minusDays(1));
            Charging.Charge charge = new Charging.Charge("assignment:" + s.id() + ":" + now.toEpochMilli(),
                    List.of(new Charging.Line(description, price, today, end)));
            if (collection.equals("wallet")) {
                Money total = charging.totalOf(s.tenantId(), charge);
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
                .activate(plan.slug(), cycle, today, 1).schedule(null, null);
        if (collection.equals("invoice") && invoice != null) {
            assigned = assigned.withOpenInvoice(invoice);
        }
        Subscription saved = saveChange(s, assigned, "assigned",
                Map.of("plan", plan.slug(), "cycle", cycle.code(), "collection", collection,
                        "invoice", invoice == null ? "" : invoice,
                        "supersededInvoice", superseded == null ? "" : superseded));
        notices.send(s.tenantId(), NotificationType.SUBSCRIPTION_ASSIGNED, "assigned:" + s.id() + ":" + saved.version(),
                Map.of("planName", plan.name(), "startsOn", saved.periodStart(), "cycle", cycle.code(),
                        "nextRenewalOn", saved.periodEnd(), "invoice", invoice == null ? "" : invoice,
                        "amount", price));
        return saved;
    }

    private Subscription upgrade(Subscription s, Plan target, BillingCycle cycle, ProrationQuote quote) {
        String invoice = null;
        if (quote.net().isPositive()) {
            Charging.Charge charge = prorationCharge(s, target, quote);
            requireBalance(s.tenantId(), quote.total());
            invoice = charging.chargeWallet(s.tenantId(), charge);
        }
        return saveChange(s, s.switchPlan(target.slug(), cycle), "upgraded",
                Map.of("from", s.plan(), "to", target.slug(), "cycle", cycle.code(), "credit",
                        quote.credit().toPlainString(), "charge", quote.charge().toPlainString(), "invoice",
                        invoice == null ? "" : invoice));
    }

    private Subscription downgradeNow(Subscription s, Plan target, BillingCycle cycle, ProrationQuote quote) {
        Money refund = quote.net().negate();
        if (refund.isPositive()) {
            String against = charging.lastPaidSubscriptionInvoice(s.tenantId())
                    .orElseThrow(() -> ProblemException.conflict("nothing-to-credit",
                            "There is no paid subscription invoice to credit the unused time against"));
            charging.creditNote(s.tenantId(), against, refund,
                    "Downgrade from %s to %s: unused time, %d of %d days".formatted(s.plan(), target.slug(),
                            quote.daysLeft(), quote.daysInPeriod()),
                    "downgrade:" + s.id() + ":" + s.version());
        }
        return saveChange(s, s.switchPlan(target.slug(), cycle), "downgraded",
                Map.of("from", s.plan(), "to", target.slug(), "cycle", cycle.code(), "credited",
                        refund.toPlainString()));
    }

    private Charging.Charge prorationCharge(Subscription s, Plan target, ProrationQuote q) {
        String description = "Upgrade from %s to %s for the %d of %d days left until %s (charge %s, credit %s)"
                .formatted(s.plan(), target.slug(), q.daysLeft(), q.daysInPeriod(), s.periodEnd().minusDays(1),
                        q.charge().toPlainString(), q.credit().toPlainString());
        LocalDate from = q.changeDate().plusDays(1);
        return new Charging.Charge("upgrade:" + s.id() + ":" + s.version(),
                List.of(new Charging.Line(description, q.net(), from, s.periodEnd())));
    }

    ProrationQuote quote(Subscription s, Plan target, BillingCycle cycle, LocalDate at) {
        LocalDate today = at != null ? at : BillingCalendar.dateOf(clock.instant(), s.zone());
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
        long days = BillingCalendar.days(s.periodStart(), s.periodEnd());
        long used = Math.min(days, BillingCalendar.days(s.periodStart(), today) + 1);
        long left = Math.max(0, days - used);
        Money credit = ProrationQuote.prorate(oldPrice, left, days);
        Money charge = ProrationQuote.prorate(newPrice, left, days);
        Money net = charge.minus(credit);
        boolean upgrade = perMonth(newPrice, cycle).compareTo(perMonth(oldPrice, s.cycle())) > 0;
        Money total = net.isPositive()
                ? charging.totalOf(s.tenantId(), new Charging.Charge("quote", List.of(new Charging.Line("quote", net, null, null))))
                : net;
        return new ProrationQuote(s.plan(), s.cycle().code(), target.slug(), cycle.code(),
                upgrade ? "upgrade" : "downgrade", today, s.periodEnd(), days, left, credit, charge, net, total,
                upgrade ? "now" : "period_end");
    }

    private static java.math.BigDecimal perMonth(Money price, BillingCycle cycle) {
        return price.amount().divide(java.math.BigDecimal.valueOf(cycle.months()), 6, java.math.RoundingMode.HALF_EVEN);
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
        Subscription saved = saveChange(s, after, atPeriodEnd ? "cancel_scheduled" : "cancelled",
                Map.of("reason", reason.trim()));
        notices.send(s.tenantId(), NotificationType.SUBSCRIPTION_CANCELLED, "cancelled:" + s.id() + ":" + saved.version(),
                Map.of("planName", catalog.requirePlan(s.plan()).name(), "endsOn",
                        atPeriodEnd ? s.periodEnd() : BillingCalendar.dateOf(clock.instant(), s.zone()),
                        "reason", reason.trim()));
        return saved;
    }

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
        return saveChange(s, s.cancelAtEndOfPeriod(false), "reactivated", null);
    }

    @Transactional
    public Subscription extend(String slug, int days, String reason) {
        requireReason(reason);
        if (days < 1 || days > 366) {
            throw ProblemException.invalidField("days", "must be between 1 and 366");
        }
        Tenant tenant = tenants.requireBySlug(slug);
        Subscription s = store.lock(tenant.id()).orElseThrow(() -> ProblemException.notFound("Subscription", slug));
        return saveChange(s, s.extend(days), "extended", Map.of("days", days, "reason", reason.trim()));
    }

    @Transactional
    public Subscription autoRenew(String slug, boolean enabled) {
        Tenant tenant = tenants.requireBySlug(slug);
        Subscription s = store.lock(tenant.id()).orElseThrow(() -> ProblemException.notFound("Subscription", slug));
        if (s.autoRenew() == enabled) {
            return s;
        }
        return saveChange(s, s.withAutoRenew(enabled), enabled ? "auto_renew_on" : "auto_renew_off", null);
    }

    private Subscription saveChange(Subscription before, Subscription after, String event, Map<String, ?> details) {
        Subscription saved = store.save(after, before.status(), event, details);
        tenants.changeStatus(saved.tenantId(), saved.status().tenantStatus(), saved.plan());
        audit.record(AuditEntry.of("saas.subscription." + event, saved.tenantId(),
                tenants.require(saved.tenantId()).slug(), before, saved));
        return saved;
    }

    private void requireBalance(TenantId tenant, Money total) {
        Money balance = charging.walletBalance(tenant);
        if (!balance.isAtLeast(total)) {
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

    Optional<Subscription> find(TenantId tenant) {
        return store.find(tenant);
    }
}
