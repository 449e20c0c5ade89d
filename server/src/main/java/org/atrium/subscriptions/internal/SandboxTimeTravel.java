package org.atrium.subscriptions.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.platform.Actor;
import org.atrium.platform.AdjustableClock;
import org.atrium.platform.Ids;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.subscriptions.LifecycleAction;
import org.atrium.subscriptions.SandboxTime;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * {@link SandboxTime}: the platform's clock, and the test clocks of single tenants, moved forward a day at a time
 * with the lifecycle run for every day passed.
 * <p>
 * The offsets live in the database, so a restart keeps the sandbox's time and every node follows an advance made on
 * another (each reads them every {@code atrium.sandbox-clock.refresh}, 2 s by default). An advance of up to
 * {@code atrium.sandbox-clock.sync-days} days (31) runs while the request waits; a longer one is a background job
 * whose progress is stored day by day, which can be cancelled, and which a restart reports as interrupted. While it
 * runs, the job holds a PostgreSQL advisory lock on a connection of its own: a job marked running whose lock is free
 * belongs to a node that is gone.
 * <p>
 * Bounds: one advance moves at most 3,660 days, and no clock goes more than {@code atrium.sandbox-clock.max-ahead}
 * (3,660 days) ahead of real time. Clocks only move forward.
 */
@Service
class SandboxTimeTravel implements SandboxTime, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SandboxTimeTravel.class);
    private static final int MAX_DAYS = 3660;
    private static final Duration DAY = Duration.ofDays(1);
    private static final int LOCK_CLASS = 0x5A4E_C10C;

    private final AdjustableClock clock;
    private final TenantClocks clocks;
    private final SandboxClocks store;
    private final DailyLifecycleRuns runs;
    private final Tenants tenants;
    private final AuditLog audit;
    private final DataSource dataSource;
    private final int syncDays;
    private final Duration maxAhead;
    private final Duration refreshEvery;
    private final ExecutorService jobs;
    private final ScheduledExecutorService refresher;
    /** The advances this node runs; their advisory locks are held on connections of their own. */
    private final Set<UUID> ownJobs = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    SandboxTimeTravel(AdjustableClock clock, TenantClocks clocks, SandboxClocks store, DailyLifecycleRuns runs,
            Tenants tenants, AuditLog audit, DataSource dataSource,
            @Value("${atrium.sandbox-clock.sync-days:31}") int syncDays,
            @Value("${atrium.sandbox-clock.max-ahead:3660d}") Duration maxAhead,
            @Value("${atrium.sandbox-clock.refresh:2s}") Duration refreshEvery) {
        this.clock = clock;
        this.clocks = clocks;
        this.store = store;
        this.runs = runs;
        this.tenants = tenants;
        this.audit = audit;
        this.dataSource = dataSource;
        this.syncDays = syncDays;
        this.maxAhead = maxAhead;
        this.refreshEvery = refreshEvery;
        this.jobs = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sandbox-clock-advance");
            t.setDaemon(true);
            return t;
        });
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-clock-refresh");
            t.setDaemon(true);
            return t;
        });
    }

    /** On start: the stored offsets, and every advance that was running on a node that is gone marked interrupted. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!clocks.sandbox()) {
            store.platformOffset().filter(o -> !o.isZero()).ifPresent(o -> log.warn(
                    "Sandbox mode is off: the stored sandbox clock offset of {} is ignored, the clock is real time", o));
            return;
        }
        clocks.refresh();
        reconcile();
        log.info("Sandbox mode: the clock is at {} (offset {})", clock.instant(), clock.offset());
        refresher.scheduleWithFixedDelay(() -> {
            try {
                clocks.refresh();
            } catch (RuntimeException e) {
                log.debug("Sandbox clock refresh failed", e);
            }
        }, refreshEvery.toMillis(), refreshEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() throws InterruptedException {
        stopping = true;
        refresher.shutdownNow();
        jobs.shutdown();
        if (!jobs.awaitTermination(10, TimeUnit.SECONDS)) {
            jobs.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------- the platform's clock

    @Override
    public Map<String, Object> platformClock() {
        requireSandbox();
        clocks.refresh();
        reconcile();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("now", clock.platformInstant().toString());
        body.put("offsetSeconds", clock.offset().toSeconds());
        body.put("maxAhead", bound().toString());
        store.latest(null).ifPresent(a -> body.put("advance", view(a)));
        return body;
    }

    @Override
    public Outcome advancePlatform(@Nullable Integer advanceDays, @Nullable Instant to) {
        requireSandbox();
        clocks.refresh();
        Instant start = clock.platformInstant();
        Instant target = target(start, advanceDays, to);
        return advance(null, start, target);
    }

    @Override
    public Map<String, Object> cancelPlatform() {
        requireSandbox();
        return view(store.requestCancel(null).orElseThrow(
                () -> ProblemException.notFound("running advance of the sandbox clock", "clock")));
    }

    // ------------------------------------------------------------------------------------------ a tenant's clock

    @Override
    public Map<String, Object> tenantClock(String slug) {
        requireSandbox();
        Tenant tenant = tenants.requireBySlug(slug);
        clocks.refresh();
        reconcile();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", tenant.slug());
        body.put("ownClock", clocks.hasOwnClock(tenant.id()));
        body.put("now", clocks.now(tenant.id()).toString());
        body.put("aheadOfPlatformSeconds", clocks.ahead(tenant.id()).toSeconds());
        body.put("maxAhead", bound().toString());
        store.latest(tenant.id()).ifPresent(a -> body.put("advance", view(a)));
        return body;
    }

    /**
     * Gives the tenant a test clock of its own (starting at the platform's time) and moves it forward; the lifecycle
     * runs for that tenant only, every day at its time.
     */
    @Override
    public Outcome advanceTenant(String slug, @Nullable Integer advanceDays, @Nullable Instant to) {
        requireSandbox();
        Tenant tenant = tenants.requireBySlug(slug);
        clocks.refresh();
        Instant start = clocks.now(tenant.id());
        Instant target = target(start, advanceDays, to);
        if (!clocks.hasOwnClock(tenant.id())) {
            clocks.moveTo(tenant.id(), start);
            audit.record(AuditEntry.of("sandbox.tenant_clock_created", tenant.id(), tenant.slug(), null,
                    Map.of("now", start.toString())));
        }
        return advance(tenant, start, target);
    }

    @Override
    public Map<String, Object> cancelTenant(String slug) {
        requireSandbox();
        Tenant tenant = tenants.requireBySlug(slug);
        return view(store.requestCancel(tenant.id()).orElseThrow(
                () -> ProblemException.notFound("running advance of the test clock of", slug)));
    }

    // ------------------------------------------------------------------------------------------------- advances

    private Instant target(Instant start, @Nullable Integer advanceDays, @Nullable Instant to) {
        if ((advanceDays == null) == (to == null)) {
            throw ProblemException.badRequest("validation", "Give either advanceDays or to",
                    Map.of("advanceDays", "either this or 'to'"));
        }
        if (advanceDays != null && (advanceDays < 1 || advanceDays > MAX_DAYS)) {
            throw ProblemException.invalidField("advanceDays", "must be between 1 and " + MAX_DAYS);
        }
        Instant target = to != null ? to : start.plus(Duration.ofDays(advanceDays));
        if (to != null && !target.isAfter(start)) {
            throw ProblemException.invalidField("to", "must be later than the current sandbox time " + start);
        }
        if (to != null && target.isAfter(start.plus(Duration.ofDays(MAX_DAYS)))) {
            throw ProblemException.invalidField("to", "must be at most " + MAX_DAYS + " days after the current "
                    + "sandbox time " + start);
        }
        if (target.isAfter(bound())) {
            throw ProblemException.invalidField(to != null ? "to" : "advanceDays",
                    "would take the clock past " + bound() + ", the furthest a sandbox clock may be ahead of real time ("
                            + maxAhead.toDays() + " days)");
        }
        return target;
    }

    /** The furthest any clock may go: real time plus {@code atrium.sandbox-clock.max-ahead}. */
    private Instant bound() {
        return clock.realInstant().plus(maxAhead);
    }

    private Outcome advance(@Nullable Tenant tenant, Instant start, Instant target) {
        int days = (int) Math.max(1, (Duration.between(start, target).toSeconds() + DAY.toSeconds() - 1)
                / DAY.toSeconds());
        TenantId tenantId = tenant == null ? null : tenant.id();
        reconcile();
        SandboxClocks.Advance advance = new SandboxClocks.Advance(Ids.newId(clock), tenantId,
                SandboxClocks.State.RUNNING, start, target, days, 0, 0, false, Actor.current().display(), null, null);
        Connection lock = lockFor(advance.id());
        ownJobs.add(advance.id());
        if (!store.start(advance)) {
            ownJobs.remove(advance.id());
            release(lock);
            throw ProblemException.conflict("clock-advance-running", (tenant == null ? "The sandbox clock"
                    : "The test clock of " + tenant.slug()) + " is being advanced already; wait for it or cancel it");
        }
        if (days <= syncDays) {
            List<LifecycleAction> actions = new ArrayList<>();
            run(advance, tenant, actions, lock);
            SandboxClocks.Advance done = store.find(advance.id()).orElseThrow();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("now", (tenant == null ? clock.platformInstant() : clocks.now(tenant.id())).toString());
            body.put("offsetSeconds", clock.offset().toSeconds());
            body.put("daysRun", done.daysDone());
            body.put("actions", actions);
            body.put("advance", view(done));
            return new Outcome(HttpStatus.OK, body);
        }
        Actor actor = Actor.current();
        try {
            jobs.submit(() -> Actor.callAs(actor, () -> {
                run(advance, tenant, null, lock);
                return null;
            }));
        } catch (RuntimeException e) {
            ownJobs.remove(advance.id());
            release(lock);
            store.finish(advance.id(), SandboxClocks.State.FAILED, "Could not start: " + e.getMessage());
            throw e;
        }
        return new Outcome(HttpStatus.ACCEPTED, view(advance));
    }

    /**
     * Moves the clock a day at a time to the advance's target, running the lifecycle for each day passed and storing
     * the progress, until it is there, cancelled or the node stops. Holds the advance's advisory lock throughout.
     */
    private void run(SandboxClocks.Advance advance, @Nullable Tenant tenant, @Nullable List<LifecycleAction> collect,
            Connection lock) {
        int done = 0;
        int actions = 0;
        SandboxClocks.State end = SandboxClocks.State.COMPLETED;
        String error = null;
        try {
            while (now(tenant).isBefore(advance.target())) {
                if (stopping) {
                    end = SandboxClocks.State.INTERRUPTED;
                    error = "The node stopped";
                    break;
                }
                if (store.cancelRequested(advance.id())) {
                    end = SandboxClocks.State.CANCELLED;
                    break;
                }
                Instant next = now(tenant).plus(DAY);
                next = next.isAfter(advance.target()) ? advance.target() : next;
                List<LifecycleAction> day;
                if (tenant == null) {
                    clock.advanceTo(next);
                    clocks.persistPlatform();
                    day = runs.run(false);
                } else {
                    clocks.moveTo(tenant.id(), next);
                    day = runs.runFor(tenant.id(), false);
                }
                if (collect != null) {
                    collect.addAll(day);
                }
                done++;
                actions += day.size();
                store.progress(advance.id(), done, actions);
            }
        } catch (RuntimeException e) {
            log.error("Advance {} of the sandbox clock failed after {} days", advance.id(), done, e);
            end = SandboxClocks.State.FAILED;
            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        try {
            store.finish(advance.id(), end, error);
        } finally {
            ownJobs.remove(advance.id());
            release(lock);
        }
        Instant now = now(tenant);
        audit.record(AuditEntry.of(tenant == null ? "sandbox.clock_advanced" : "sandbox.tenant_clock_advanced",
                tenant == null ? null : tenant.id(), tenant == null ? "clock" : tenant.slug(),
                Map.of("now", advance.startedFrom().toString()),
                Map.of("now", now.toString(), "days", done, "state", end.code())));
    }

    private Instant now(@Nullable Tenant tenant) {
        return tenant == null ? clock.platformInstant() : clocks.now(tenant.id());
    }

    /** Marks interrupted every advance stored as running whose job is not alive on any node (its lock is free). */
    private void reconcile() {
        for (SandboxClocks.Advance running : store.allRunning()) {
            if (ownJobs.contains(running.id())) {
                continue;
            }
            try (Connection c = dataSource.getConnection()) {
                if (tryLock(c, running.id())) {
                    unlock(c, running.id());
                    store.finish(running.id(), SandboxClocks.State.INTERRUPTED,
                            "Interrupted after " + running.daysDone() + " of " + running.daysTotal()
                                    + " days: the node running it stopped. The clock stays where it got to; "
                                    + "advance again to go on.");
                }
            } catch (SQLException e) {
                log.debug("Could not check advance {}", running.id(), e);
            }
        }
    }

    /** A connection of its own holding the advance's advisory lock until {@link #release}. */
    private Connection lockFor(UUID id) {
        try {
            Connection c = dataSource.getConnection();
            try {
                if (!tryLock(c, id)) {
                    throw new IllegalStateException("The lock of advance " + id + " is taken");
                }
                return c;
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not lock advance " + id, e);
        }
    }

    private static void release(Connection lock) {
        try (lock) {
            try (PreparedStatement s = lock.prepareStatement("select pg_advisory_unlock_all()")) {
                s.execute();
            }
        } catch (SQLException e) {
            log.debug("Could not release an advance's lock", e);
        }
    }

    private static boolean tryLock(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
            s.setInt(1, LOCK_CLASS);
            s.setInt(2, id.hashCode());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pg_advisory_unlock(?, ?)")) {
            s.setInt(1, LOCK_CLASS);
            s.setInt(2, id.hashCode());
            s.execute();
        }
    }

    private Map<String, Object> view(SandboxClocks.Advance a) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", a.id());
        if (a.tenant() != null) {
            tenants.find(a.tenant()).ifPresent(t -> body.put("tenant", t.slug()));
        }
        body.put("state", a.state().code());
        body.put("startedFrom", a.startedFrom().toString());
        body.put("target", a.target().toString());
        body.put("current", now(a.tenant() == null ? null : tenants.find(a.tenant()).orElse(null)).toString());
        body.put("daysDone", a.daysDone());
        body.put("daysTotal", a.daysTotal());
        body.put("actions", a.actions());
        if (a.cancelRequested() && a.state() == SandboxClocks.State.RUNNING) {
            body.put("cancelRequested", true);
        }
        if (a.requestedBy() != null) {
            body.put("requestedBy", a.requestedBy());
        }
        if (a.error() != null) {
            body.put("error", a.error());
        }
        return body;
    }

    private void requireSandbox() {
        if (!clocks.sandbox()) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Sandbox mode is off");
        }
    }
}
