package org.atrium.subscriptions.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.catalog.BillingCycle;
import org.atrium.catalog.Catalog;
import org.atrium.catalog.Plan;
import org.atrium.notifications.NotificationType;
import org.atrium.operations.PlatformSettings;
import org.atrium.operations.Settings;
import org.atrium.platform.Ids;
import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.atrium.subscriptions.BillingCalendar;
import org.atrium.subscriptions.LifecycleAction;
import org.atrium.subscriptions.Subscription;
import org.atrium.subscriptions.SubscriptionHistoryEntry;
import org.atrium.subscriptions.SubscriptionStatus;
import org.atrium.subscriptions.internal.RenewalPolicy.Decision;
import org.atrium.subscriptions.internal.RenewalPolicy.Kind;
import org.atrium.subscriptions.internal.RenewalPolicy.NextPeriod;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.TenantCreated;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The subscription rules over time: trial end, renewal from the wallet, grace period, read-only, expiry at period
 * end, and recovery when the wallet is recharged. Each tenant is processed in a transaction of its own, under a row
 * lock, and every charge carries an idempotency key derived from the period it pays for, so that running twice, on
 * two nodes, or again after a crash changes nothing the second time.
 */
@Service
class SubscriptionLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionLifecycle.class);
    private static final Duration TRIAL_NOTICE = RenewalPolicy.TRIAL_NOTICE;
    private static final int MAX_STEPS_PER_RUN = 48;
    private static final int CHUNK = 100;

    private final SubscriptionStore store;
    private final Catalog catalog;
    private final Tenants tenants;
    private final Settings settings;
    private final Charging charging;
    private final Notices notices;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final LifecycleEvents events;

    SubscriptionLifecycle(SubscriptionStore store, Catalog catalog, Tenants tenants, Settings settings,
            Charging charging, Notices notices, AuditLog audit, Clock clock, TransactionTemplate tx,
            LifecycleEvents events) {
        this.store = store;
        this.catalog = catalog;
        this.tenants = tenants;
        this.settings = settings;
        this.charging = charging;
        this.notices = notices;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
        this.events = events;
    }

    /** A new tenant starts on a trial of its plan, in the same transaction that created it. */
    @EventListener
    void onTenantCreated(TenantCreated event) {
        Plan plan = catalog.requirePlan(event.plan());
        BillingCycle cycle = event.cycle() == null ? BillingCycle.MONTHLY : BillingCycle.fromCode(event.cycle());
        Tenant tenant = tenants.require(event.tenantId());
        ZoneId zone = ZoneId.of(tenant.regional().timezone());
        Instant now = clock.instant();
        LocalDate today = BillingCalendar.dateOf(now, zone);
        int trialDays = plan.trialDays() != null ? plan.trialDays() : settings.current().trialDays();
        LocalDate trialEnd = today.plusDays(trialDays);
        Subscription trial = new Subscription(Ids.newId(clock), event.tenantId(), plan.slug(), cycle,
                SubscriptionStatus.TRIAL, zone.getId(), trialEnd, 0, today, trialEnd, now,
                BillingCalendar.startOf(trialEnd, zone), null, true, false, null, null, null, null, 1, now, now);
        store.insert(trial);
        store.history(trial, null, SubscriptionHistoryEntry.Kind.TRIAL_STARTED, Map.of("trialDays", trialDays));
        audit.record(AuditEntry.of("saas.subscription.trial_started", event.tenantId(), event.slug(), null, trial));
        events.publish(LifecycleEvents.Kind.TRIAL_STARTED, event.slug(), null, trial, null, null);
    }

    /** Runs the rules for every tenant with something due at {@code now}. */
    public List<LifecycleAction> run(Instant now, boolean dryRun) {
        return run(now, dryRun, java.util.Set.of());
    }

    /** {@link #run(Instant, boolean)} for every tenant but those in {@code skip} (on test clocks of their own). */
    List<LifecycleAction> run(Instant now, boolean dryRun, java.util.Set<TenantId> skip) {
        List<TenantId> due = store.due(now, now.plus(TRIAL_NOTICE));
        if (!skip.isEmpty()) {
            due = due.stream().filter(tenant -> !skip.contains(tenant)).toList();
        }
        List<LifecycleAction> actions = new ArrayList<>();
        if (dryRun) {
            due.forEach(tenant -> actions.addAll(preview(tenant, now)));
            return actions;
        }
        for (int from = 0; from < due.size(); from += CHUNK) {
            List<TenantId> chunk = due.subList(from, Math.min(due.size(), from + CHUNK));
            try {
                // Many tenants per transaction: one commit (and one wait for the invoice-number and audit-chain
                // locks) per chunk instead of per tenant.
                actions.addAll(tx.execute(status -> chunk(chunk, now)));
            } catch (RuntimeException chunkFailed) {
                // Nothing of the chunk was written; each tenant on its own, so one failure stops no other.
                for (TenantId tenant : chunk) {
                    try {
                        actions.addAll(process(tenant, now));
                    } catch (RuntimeException e) {
                        // It stays due and is retried by the next run.
                        log.error("Lifecycle run failed for tenant {}", tenant, e);
                        actions.add(new LifecycleAction(tenant.toString(), "failed", "-", "-", null, null, null));
                    }
                }
            }
        }
        return actions;
    }

    /** Applies every rule due for one tenant, in a transaction of its own. */
    List<LifecycleAction> process(TenantId tenant, Instant now) {
        return tx.execute(status -> steps(tenant, now));
    }

    /** Applies every rule due for one tenant, step after step, until nothing is due; in the current transaction. */
    private List<LifecycleAction> steps(TenantId tenant, Instant now) {
        // The row stays locked until the transaction ends, so the state a step leaves is the state the next one sees.
        Subscription s = store.lock(tenant).orElse(null);
        return s == null ? List.of() : steps(s, tenants.require(tenant), now, 0);
    }

    /**
     * The steps due for a subscription locked in the current transaction, after {@code taken} steps already; its
     * tenant read once for all of them (its slug names the actions, its name and address go into the notices, its
     * region prices the charges).
     */
    private List<LifecycleAction> steps(@Nullable Subscription locked, Tenant tenant, Instant now, int taken) {
        List<LifecycleAction> actions = new ArrayList<>();
        Subscription s = locked;
        for (int step = taken; step < MAX_STEPS_PER_RUN && s != null; step++) {
            Decision decision = decide(s, tenant, now, charging::walletBalance);
            if (decision == null) {
                break;
            }
            Step done = apply(s, tenant, decision, now);
            actions.add(done.action());
            s = done.after();
        }
        return actions;
    }

    /**
     * The rules for a chunk of tenants, in the current transaction. The renewals paid from the wallet, nearly all of
     * a daily run, are written together: the subscriptions, tenants and wallets are read with one query each, and
     * the chunk's invoices, ledger rows, subscriptions, history, notices and tenant rows with one statement each.
     * Locks are taken in the order every other path takes them: subscriptions, wallets, then the invoice numbers.
     * Every other step then runs tenant by tenant, from the state the renewal left.
     */
    private List<LifecycleAction> chunk(List<TenantId> chunk, Instant now) {
        Map<TenantId, Subscription> locked = store.lockAll(chunk);
        Map<TenantId, Tenant> read = tenants.findAll(locked.keySet());
        // The wallets too, before anything takes the invoice numbers: a later step of the chunk that moves money
        // (a second period due, a grace invoice paid) then never waits for a wallet while it holds the numbers.
        Map<TenantId, Money> balances = charging.lockWallets(locked.keySet());
        List<Renewal> renewals = new ArrayList<>();
        for (TenantId id : chunk) {
            Subscription s = locked.get(id);
            Decision d = s == null ? null : decide(s, read.get(id), now, tenant -> balances.containsKey(tenant)
                    ? balances.get(tenant) : charging.walletBalance(tenant));
            if (d != null && d.kind().renews()) {
                renewals.add(new Renewal(s, d));
            }
        }
        Map<TenantId, Step> renewed = renewAll(renewals, read);
        List<LifecycleAction> actions = new ArrayList<>();
        for (TenantId id : chunk) {
            Subscription s = locked.get(id);
            Step first = renewed.get(id);
            if (first != null) {
                actions.add(first.action());
                s = first.after();
            }
            if (s != null) {
                actions.addAll(steps(s, read.get(id), now, first == null ? 0 : 1));
            }
        }
        return actions;
    }

    /** A subscription due for its next paid period, which its wallet covers. */
    private record Renewal(Subscription subscription, Decision decision) {
    }

    /**
     * Starts the next period of each subscription, paid from its wallet when it costs something: one subscription
     * invoice paid from the wallet, the period, a history entry, a renewal notice, the tenant's status and an audit
     * event each, written together.
     */
    private Map<TenantId, Step> renewAll(List<Renewal> renewals, Map<TenantId, Tenant> read) {
        if (renewals.isEmpty()) {
            return Map.of();
        }
        List<Charging.Billed> charges = new ArrayList<>();
        for (Renewal r : renewals) {
            if (r.decision().charge() != null) {
                charges.add(new Charging.Billed(r.subscription().tenantId(), r.decision().charge()));
            }
        }
        Iterator<String> numbers = (charges.isEmpty() ? List.<String>of() : charging.chargeWalletAll(charges))
                .iterator();
        List<Change> changes = new ArrayList<>(renewals.size());
        List<Notices.Notice> notes = new ArrayList<>(renewals.size());
        for (Renewal r : renewals) {
            Subscription s = r.subscription();
            Decision d = r.decision();
            Tenant tenant = read.get(s.tenantId());
            String invoice = d.charge() == null ? null : numbers.next();
            Subscription after = s.activate(d.plan().slug(), d.cycle(), d.anchor(), d.number());
            changes.add(new Change(s, after, tenant.slug(), new Why(d.kind().history(), auditType(d.kind()), invoice,
                    x -> events.publish(d.kind() == Kind.CONVERT_TRIAL ? LifecycleEvents.Kind.ACTIVATED
                            : LifecycleEvents.Kind.RENEWED, tenant.slug(), s.status(), x, d.total(), invoice))));
            notes.add(new Notices.Notice(tenant, NotificationType.SUBSCRIPTION_RENEWED,
                    "renewed:" + s.id() + ":" + after.periodStart(),
                    Map.of("planName", d.plan().name(), "amount", d.total() == null ? "0" : d.total(),
                            "nextRenewalOn", after.periodEnd(), "invoice", invoice == null ? "" : invoice)));
        }
        List<Subscription> saved = recordAll(changes);
        notices.sendAll(notes);
        Map<TenantId, Step> steps = new HashMap<>();
        for (int i = 0; i < renewals.size(); i++) {
            Subscription s = renewals.get(i).subscription();
            Decision d = renewals.get(i).decision();
            Subscription after = saved.get(i);
            steps.put(s.tenantId(), new Step(new LifecycleAction(changes.get(i).slug(), d.kind().code,
                    s.status().code(), after.status().code(), d.total() == null ? null : d.total().toPlainString(),
                    d.total() == null ? null : d.total().currencyCode(), changes.get(i).why().invoice()), after));
        }
        return steps;
    }

    /** What a step did, and the subscription as it now is in the database. */
    private record Step(LifecycleAction action, Subscription after) {
    }

    /** What {@link #process} would do, without changing anything: the first due step only. */
    List<LifecycleAction> preview(TenantId tenant, Instant now) {
        Subscription s = store.find(tenant).orElse(null);
        if (s == null) {
            return List.of();
        }
        Decision d = decide(s, now);
        if (d == null) {
            return List.of();
        }
        return List.of(new LifecycleAction(slug(s), d.kind().code, s.status().code(), d.to().code(),
                d.total() == null ? null : d.total().toPlainString(),
                d.total() == null ? null : d.total().currencyCode(), null));
    }

    @Nullable
    Decision decide(Subscription s, Instant now) {
        return decide(s, tenants.require(s.tenantId()), now, charging::walletBalance);
    }

    /**
     * What is due for the subscription at {@code now}: gathers what the {@link RenewalPolicy} needs (the next
     * period priced only when the current one has ended, the balance only when that period costs something, whether
     * the trial notice went out only when it is due) and asks it.
     */
    @Nullable
    private Decision decide(Subscription s, Tenant tenant, Instant now, Function<TenantId, Money> balance) {
        RenewalPolicy.Price price = RenewalPolicy.needsPrice(s, now) ? priceOf(s, tenant) : null;
        Money wallet = price != null && price.total() != null ? balance.apply(s.tenantId()) : null;
        boolean noticeSent = RenewalPolicy.trialNoticeDue(s, now) && store.noticeSent(s.tenantId(), trialNoticeKey(s));
        return RenewalPolicy.decide(s, price, wallet, now, noticeSent);
    }

    /** The next period with its charge and total: priced once, for the decision and the charge alike. */
    private RenewalPolicy.Price priceOf(Subscription s, Tenant tenant) {
        NextPeriod next = nextPeriod(s);
        Charging.Charge charge = chargeFor(s, next);
        return charge == null ? RenewalPolicy.Price.free(next)
                : new RenewalPolicy.Price(next, charge, charging.totalOf(tenant, charge));
    }

    /**
     * The period that follows the current one, starting at its end: on the scheduled plan and cycle if a downgrade
     * is pending. A trial's first period is period 1 of its anchor; a change of cycle re-anchors on the boundary.
     */
    NextPeriod nextPeriod(Subscription s) {
        Plan plan = catalog.requirePlan(s.pendingPlan() != null ? s.pendingPlan() : s.plan());
        BillingCycle cycle = s.pendingCycle() != null ? s.pendingCycle() : s.cycle();
        if (cycle != s.cycle() || s.periodNumber() == 0) {
            return new NextPeriod(plan, cycle, s.periodEnd(), 1);
        }
        return new NextPeriod(plan, cycle, s.anchorDate(), s.periodNumber() + 1);
    }

    /** The charge for a period, or null when it costs nothing. */
    private Charging.@Nullable Charge chargeFor(Subscription s, NextPeriod next) {
        Money price = next.plan().price(next.cycle()).orElseGet(() -> next.plan().price(BillingCycle.MONTHLY)
                .orElseThrow(() -> new IllegalStateException("Plan " + next.plan().slug() + " has no price")));
        if (price.isZero()) {
            return null;
        }
        LocalDate from = BillingCalendar.periodStart(next.anchor(), next.cycle(), next.number());
        LocalDate to = BillingCalendar.periodEnd(next.anchor(), next.cycle(), next.number());
        String description = "%s plan, %s (%s to %s)".formatted(next.plan().name(), next.cycle().code(), from,
                to.minusDays(1));
        return new Charging.Charge("subscription:" + s.id() + ":" + from,
                List.of(new Charging.Line(description, price, from, to)));
    }

    private Step apply(Subscription s, Tenant tenant, Decision d, Instant now) {
        String slug = tenant.slug();
        PlatformSettings config = settings.current();
        Subscription after;
        String invoice = null;
        Money owed = null;
        String planName = d.plan() == null ? catalog.requirePlan(s.plan()).name() : d.plan().name();
        switch (d.kind()) {
            case TRIAL_ENDING_NOTICE -> {
                store.claimNotice(s.tenantId(), trialNoticeKey(s));
                notices.send(tenant, NotificationType.TRIAL_ENDING_SOON, trialNoticeKey(s),
                        Map.of("planName", planName, "trialEndsOn", s.periodEnd()));
                return new Step(new LifecycleAction(slug, d.kind().code, s.status().code(), s.status().code(), null,
                        null, null), s);
            }
            case CONVERT_TRIAL, RENEW -> {
                return renewAll(List.of(new Renewal(s, d)), Map.of(tenant.id(), tenant)).get(s.tenantId());
            }
            case SUSPEND_UNPAID_TRIAL -> {
                LocalDate today = BillingCalendar.dateOf(now, s.zone());
                invoice = charging.invoice(s.tenantId(), d.charge(), today);
                after = s.suspend(invoice);
                insufficientBalance(tenant, s, d, invoice, planName);
            }
            case ENTER_GRACE -> {
                LocalDate graceEnd = s.periodEnd().plusDays(config.graceDays());
                invoice = charging.invoice(s.tenantId(), d.charge(), graceEnd);
                after = s.enterGracePeriod(BillingCalendar.startOf(graceEnd, s.zone()), invoice);
                insufficientBalance(tenant, s, d, invoice, planName);
                notices.send(tenant, NotificationType.GRACE_PERIOD_ENTERED, "grace:" + invoice,
                        Map.of("planName", planName, "amountDue", d.total(), "graceEndsOn", graceEnd,
                                "invoice", invoice));
            }
            case READ_ONLY -> {
                after = s.becomeReadOnly();
                owed = s.openInvoice() == null ? null : charging.openInvoice(s.openInvoice())
                        .map(Charging.OpenInvoice::amountDue).orElse(null);
                notices.send(tenant, NotificationType.READ_ONLY_ENTERED, "read-only:" + s.id() + ":" + s.periodEnd(),
                        Map.of("planName", planName, "amountDue", owed == null ? "" : owed));
            }
            case EXPIRE -> {
                after = s.expire();
                notices.send(tenant, NotificationType.SUBSCRIPTION_CANCELLED,
                        "expired:" + s.id() + ":" + s.periodEnd(), Map.of("planName", planName, "endsOn", s.periodEnd()));
            }
            default -> throw new IllegalStateException("Unhandled " + d.kind());
        }
        String open = invoice;
        Money amount = d.kind() == Kind.READ_ONLY ? owed : d.total();
        Subscription saved = record(s, after, slug, new Why(d.kind().history(), auditType(d.kind()), invoice,
                x -> {
                    switch (d.kind()) {
                        case ENTER_GRACE -> events.graceStarted(slug, s.status(), x, amount, open);
                        case SUSPEND_UNPAID_TRIAL -> events.publish(LifecycleEvents.Kind.SUSPENDED, slug, s.status(),
                                x, amount, open);
                        case READ_ONLY -> events.publish(LifecycleEvents.Kind.READ_ONLY, slug, s.status(), x, amount,
                                x.openInvoice());
                        case EXPIRE -> events.publish(LifecycleEvents.Kind.EXPIRED, slug, s.status(), x, null, null);
                        default -> throw new IllegalStateException("Unhandled " + d.kind());
                    }
                }));
        return new Step(new LifecycleAction(slug, d.kind().code, s.status().code(), saved.status().code(),
                d.total() == null ? null : d.total().toPlainString(),
                d.total() == null ? null : d.total().currencyCode(), invoice), saved);
    }

    /**
     * Why a subscription changed: the history entry's event, the audit type, the invoice the change concerns (kept in
     * the history's details), and the event to publish of the saved state (null when none).
     */
    private record Why(SubscriptionHistoryEntry.Kind history, String auditType, @Nullable String invoice,
            @Nullable Consumer<Subscription> publish) {
    }

    /** One change of {@link #recordAll}: the subscription before and after, its tenant's slug, and why. */
    private record Change(Subscription before, Subscription after, String slug, Why why) {
    }

    /** {@link #recordAll} of one change. */
    private Subscription record(Subscription before, Subscription after, String slug, Why why) {
        return recordAll(List.of(new Change(before, after, slug, why))).get(0);
    }

    /**
     * The one way a change of subscriptions is written, whether one step of one tenant or a chunk of renewals: saves
     * them with their history entries (one statement), brings the tenants' statuses in line (one lock of their rows,
     * one statement for those that change), audits each and publishes each one's event, in the current transaction.
     * Returns the subscriptions as saved, in order.
     */
    private List<Subscription> recordAll(List<Change> changes) {
        List<Subscription> saved = store.saveAll(changes.stream().map(c -> new SubscriptionStore.Change(c.after(),
                c.before().status(), c.why().history(),
                c.why().invoice() == null ? null : Map.of("invoice", c.why().invoice()))).toList());
        tenants.changeStatusAll(saved.stream()
                .map(x -> new Tenants.StatusChange(x.tenantId(), x.status().tenantStatus(), x.plan())).toList());
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            audit.record(AuditEntry.of(c.why().auditType(), c.before().tenantId(), c.slug(), c.before(), saved.get(i)));
            if (c.why().publish() != null) {
                c.why().publish().accept(saved.get(i));
            }
        }
        return saved;
    }

    private void insufficientBalance(Tenant tenant, Subscription s, Decision d, String invoice, String planName) {
        notices.send(tenant, NotificationType.BALANCE_INSUFFICIENT, "insufficient:" + invoice,
                Map.of("planName", planName, "amountDue", d.total(), "balance", charging.walletBalance(s.tenantId()),
                        "invoice", invoice));
    }

    /**
     * Pays the open invoice from the wallet when the balance now covers it, and restores access: from grace the
     * new period starts where the old one ended; from read-only or suspended it starts today.
     */
    public Optional<LifecycleAction> recover(TenantId tenant) {
        return Optional.ofNullable(tx.execute(status -> {
            Subscription s = store.lock(tenant).orElse(null);
            if (s == null || s.openInvoice() == null) {
                return null;
            }
            Charging.OpenInvoice open = charging.openInvoice(s.openInvoice()).orElse(null);
            if (open == null) {
                return null;
            }
            if (!RenewalPolicy.covers(charging.walletBalance(tenant), open.amountDue())) {
                return null;
            }
            charging.settleFromWallet(open.number());
            return reinstate(s, open.number(), open.amountDue());
        }));
    }

    /** An invoice was paid by hand: if the subscription was waiting on it, it is active again. */
    public Optional<LifecycleAction> invoicePaid(TenantId tenant, String number, Money amount) {
        return Optional.ofNullable(tx.execute(status -> {
            Subscription s = store.lock(tenant).orElse(null);
            if (s == null || !number.equals(s.openInvoice())) {
                return null;
            }
            return reinstate(s, number, amount);
        }));
    }

    /** The open invoice was paid (from the wallet or by hand): bring the subscription back to active. */
    LifecycleAction reinstate(Subscription s, String invoice, Money amount) {
        Instant now = clock.instant();
        Subscription after;
        switch (s.status()) {
            case GRACE_PERIOD -> {
                NextPeriod next = nextPeriod(s);
                after = s.activate(next.plan().slug(), next.cycle(), next.anchor(), next.number());
            }
            case READ_ONLY, SUSPENDED -> {
                LocalDate today = BillingCalendar.dateOf(now, s.zone());
                NextPeriod next = nextPeriod(s);
                after = s.activate(next.plan().slug(), next.cycle(), today, 1);
            }
            case ACTIVE -> after = s.withOpenInvoice(null);
            default -> {
                return null;
            }
        }
        String slug = slug(s);
        Subscription saved = record(s, after, slug, new Why(SubscriptionHistoryEntry.Kind.RECOVERED, "saas.subscription.recovered", invoice,
                s.status() == SubscriptionStatus.ACTIVE ? null
                        : x -> events.publish(LifecycleEvents.Kind.REACTIVATED, slug, s.status(), x, amount,
                                invoice)));
        return new LifecycleAction(slug(s), "recovered", s.status().code(), saved.status().code(),
                amount.toPlainString(), amount.currencyCode(), invoice);
    }

    /** An invoice stayed overdue too long: the subscription was suspended (by the dunning run). */
    void suspendedOverdue(Subscription before, Subscription saved, Money owed, String invoice) {
        events.publish(LifecycleEvents.Kind.SUSPENDED, slug(saved), before.status(), saved, owed, invoice);
    }

    void syncTenant(Subscription s) {
        tenants.changeStatus(s.tenantId(), s.status().tenantStatus(), s.plan());
    }

    String slugOf(Subscription s) {
        return slug(s);
    }

    private String slug(Subscription s) {
        return tenants.require(s.tenantId()).slug();
    }

    private static String trialNoticeKey(Subscription s) {
        return "trial-ending:" + s.id() + ":" + s.periodEnd();
    }

    private static String auditType(Kind kind) {
        return switch (kind) {
            case CONVERT_TRIAL -> "saas.subscription.activated";
            case RENEW -> "saas.subscription.auto_renewed";
            case SUSPEND_UNPAID_TRIAL -> "saas.subscription.suspended";
            case ENTER_GRACE -> "saas.subscription.grace_period";
            case READ_ONLY -> "saas.subscription.read_only";
            case EXPIRE -> "saas.subscription.expired";
            case TRIAL_ENDING_NOTICE -> "saas.subscription.trial_ending";
        };
    }
}
