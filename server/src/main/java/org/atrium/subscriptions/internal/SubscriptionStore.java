package org.atrium.subscriptions.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.atrium.catalog.BillingCycle;
import org.atrium.platform.Ids;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.platform.database.SqlArray;
import org.atrium.subscriptions.Subscription;
import org.atrium.subscriptions.SubscriptionHistoryEntry;
import org.atrium.subscriptions.SubscriptionStatus;
import org.atrium.subscriptions.Subscriptions;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.databind.ObjectMapper;

/** Reads and writes subscriptions and their history. */
@Repository
class SubscriptionStore implements Subscriptions {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ObjectMapper json;

    SubscriptionStore(JdbcClient jdbc, Clock clock, ObjectMapper json) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.json = json;
    }

    @Override
    public Optional<Subscription> find(TenantId tenant) {
        return jdbc.sql("select * from subscriptions where tenant_id = :tenant").param("tenant", tenant.value())
                .query(SubscriptionStore::row).optional();
    }

    @Override
    public Subscription require(TenantId tenant) {
        return find(tenant).orElseThrow(() -> ProblemException.notFound("Subscription of tenant", tenant.toString()));
    }

    Optional<Subscription> lock(TenantId tenant) {
        return jdbc.sql("select * from subscriptions where tenant_id = :tenant for update")
                .param("tenant", tenant.value()).query(SubscriptionStore::row).optional();
    }

    /** Locks the subscriptions of several tenants, in tenant order, so that two runs cannot deadlock. */
    Map<TenantId, Subscription> lockAll(List<TenantId> tenants) {
        Map<TenantId, Subscription> locked = new HashMap<>();
        jdbc.sql("select * from subscriptions where tenant_id = any(:tenants) order by tenant_id for update")
                .param("tenants", SqlArray.of("uuid", tenants, TenantId::value)).query(SubscriptionStore::row).list()
                .forEach(s -> locked.put(s.tenantId(), s));
        return locked;
    }

    /** One change of {@link #saveAll}. */
    record Change(Subscription after, @Nullable SubscriptionStatus from, SubscriptionHistoryEntry.Kind event,
            @Nullable Object details) {
    }

    /**
     * {@link #save} for several subscriptions, with their history entries, in one statement. The rows must be locked
     * by the caller. Returns the rows as stored, in the order given.
     */
    List<Subscription> saveAll(List<Change> changes) {
        if (changes.isEmpty()) {
            return List.of();
        }
        List<Subscription> all = changes.stream().map(Change::after).toList();
        List<UUID> historyIds = changes.stream().map(c -> Ids.newId(clock)).toList();
        Timestamp now = Timestamp.from(clock.instant());
        Map<UUID, Subscription> saved = new HashMap<>();
        jdbc.sql("""
                with x as (
                    select * from unnest(:ids, :plans, :cycles, :statuses, :timezones, :anchors, :numbers,
                                         :periodStarts, :periodEnds, :startsAt, :expiresAt, :graceEndsAt, :autoRenew,
                                         :cancelAtPeriodEnd, :cancelledAt, :pendingPlans, :pendingCycles,
                                         :openInvoices, :historyIds, :events, :froms, :details)
                        as x(id, plan, cycle, status, timezone, anchor, number, period_start, period_end, starts_at,
                             expires_at, grace_ends_at, auto_renew, cancel_at_period_end, cancelled_at, pending_plan,
                             pending_cycle, open_invoice, history_id, event, from_status, details)
                ), saved as (
                    update subscriptions s set plan_slug = x.plan, cycle = x.cycle, status = x.status,
                        timezone = x.timezone, anchor_date = x.anchor, period_number = x.number,
                        period_start = x.period_start, period_end = x.period_end, starts_at = x.starts_at,
                        expires_at = x.expires_at, grace_ends_at = x.grace_ends_at, auto_renew = x.auto_renew,
                        cancel_at_period_end = x.cancel_at_period_end, cancelled_at = x.cancelled_at,
                        pending_plan_slug = x.pending_plan, pending_cycle = x.pending_cycle,
                        open_invoice = x.open_invoice, version = s.version + 1, updated_at = :now
                    from x
                    where s.id = x.id
                    returning s.*
                ), logged as (
                    insert into subscription_history (id, tenant_id, at, event, from_status, to_status, plan_slug,
                                                      cycle, period_start, period_end, details)
                    select x.history_id, saved.tenant_id, :now, x.event, x.from_status, saved.status,
                           saved.plan_slug, saved.cycle, saved.period_start, saved.period_end,
                           cast(x.details as jsonb)
                    from saved join x on x.id = saved.id
                )
                select * from saved
                """).param("now", now)
                .param("ids", SqlArray.of("uuid", all, Subscription::id))
                .param("plans", SqlArray.of("text", all, Subscription::plan))
                .param("cycles", SqlArray.of("text", all, s -> s.cycle().code()))
                .param("statuses", SqlArray.of("text", all, s -> s.status().code()))
                .param("timezones", SqlArray.of("text", all, Subscription::timezone))
                .param("anchors", SqlArray.of("date", all, s -> java.sql.Date.valueOf(s.anchorDate())))
                .param("numbers", SqlArray.of("int4", all, Subscription::periodNumber))
                .param("periodStarts", SqlArray.of("date", all, s -> java.sql.Date.valueOf(s.periodStart())))
                .param("periodEnds", SqlArray.of("date", all, s -> java.sql.Date.valueOf(s.periodEnd())))
                .param("startsAt", SqlArray.of("timestamptz", all, s -> Timestamp.from(s.startsAt())))
                .param("expiresAt", SqlArray.of("timestamptz", all, s -> Timestamp.from(s.expiresAt())))
                .param("graceEndsAt", SqlArray.of("timestamptz", all,
                        s -> s.graceEndsAt() == null ? null : Timestamp.from(s.graceEndsAt())))
                .param("autoRenew", SqlArray.of("bool", all, Subscription::autoRenew))
                .param("cancelAtPeriodEnd", SqlArray.of("bool", all, Subscription::cancelAtPeriodEnd))
                .param("cancelledAt", SqlArray.of("timestamptz", all,
                        s -> s.cancelledAt() == null ? null : Timestamp.from(s.cancelledAt())))
                .param("pendingPlans", SqlArray.of("text", all, Subscription::pendingPlan))
                .param("pendingCycles", SqlArray.of("text", all,
                        s -> s.pendingCycle() == null ? null : s.pendingCycle().code()))
                .param("openInvoices", SqlArray.of("text", all, Subscription::openInvoice))
                .param("historyIds", SqlArray.of("uuid", historyIds))
                .param("events", SqlArray.of("text", changes, c -> c.event().code()))
                .param("froms", SqlArray.of("text", changes, c -> c.from() == null ? null : c.from().code()))
                .param("details", SqlArray.of("text", changes,
                        c -> c.details() == null ? null : json.writeValueAsString(c.details())))
                .query(SubscriptionStore::row).list().forEach(s -> saved.put(s.id(), s));
        List<Subscription> result = new ArrayList<>(changes.size());
        for (Subscription s : all) {
            Subscription stored = saved.get(s.id());
            if (stored == null) {
                throw new IllegalStateException("Subscription " + s.id() + " was not saved");
            }
            result.add(stored);
        }
        return result;
    }

    void insert(Subscription s) {
        jdbc.sql("""
                insert into subscriptions (id, tenant_id, plan_slug, cycle, status, timezone, anchor_date, period_number,
                    period_start, period_end, starts_at, expires_at, grace_ends_at, auto_renew, cancel_at_period_end,
                    cancelled_at, pending_plan_slug, pending_cycle, open_invoice, version, created_at, updated_at)
                values (:id, :tenant, :plan, :cycle, :status, :timezone, :anchor, :number, :periodStart, :periodEnd,
                    :startsAt, :expiresAt, :graceEndsAt, :autoRenew, :cancelAtPeriodEnd, :cancelledAt, :pendingPlan,
                    :pendingCycle, :openInvoice, 1, :createdAt, :updatedAt)
                """).params(params(s)).update();
    }

    /**
     * Saves a changed subscription, bumping its version, and writes the history entry of the change: one statement.
     * The row must be locked by the caller. Returns the row as stored.
     */
    Subscription save(Subscription s, @Nullable SubscriptionStatus from, SubscriptionHistoryEntry.Kind event,
            @Nullable Object details) {
        return saveAll(List.of(new Change(s, from, event, details))).get(0);
    }

    void history(Subscription after, @Nullable SubscriptionStatus from, SubscriptionHistoryEntry.Kind event,
            @Nullable Object details) {
        jdbc.sql("""
                insert into subscription_history (id, tenant_id, at, event, from_status, to_status, plan_slug, cycle,
                                                  period_start, period_end, details)
                values (:id, :tenant, :at, :event, :from, :to, :plan, :cycle, :periodStart, :periodEnd,
                        cast(:details as jsonb))
                """).param("id", Ids.newId(clock)).param("tenant", after.tenantId().value())
                .param("at", Timestamp.from(clock.instant())).param("event", event.code())
                .param("from", from == null ? null : from.code()).param("to", after.status().code())
                .param("plan", after.plan()).param("cycle", after.cycle().code())
                .param("periodStart", after.periodStart()).param("periodEnd", after.periodEnd())
                .param("details", details == null ? null : json.writeValueAsString(details)).update();
    }

    /**
     * The invoices recorded in the history of the subscription's current period (renewal, assignment, upgrade,
     * recovery, change of cycle), the newest first. A period is told apart by its start and cycle, counted from the
     * latest change that started a period from a given day, so that a period started on the same day as the one
     * before it does not inherit that one's invoices.
     */
    List<String> invoicesOfPeriod(TenantId tenant, Subscription s) {
        return jdbc.sql("""
                select details ->> 'invoice' as invoice, max(at) as last_at from subscription_history
                where tenant_id = :tenant and period_start = :start and cycle = :cycle
                  and coalesce(details ->> 'invoice', '') <> ''
                  and at >= coalesce((select max(at) from subscription_history
                                      where tenant_id = :tenant and event in ('assigned', 'cycle_changed')
                                        and period_start = :start),
                                     '-infinity'::timestamptz)
                group by 1 order by last_at desc, 1 desc
                """).param("tenant", tenant.value()).param("start", s.periodStart())
                .param("cycle", s.cycle().code()).query((rs, n) -> rs.getString("invoice")).list();
    }

    List<SubscriptionHistoryEntry> historyOf(TenantId tenant) {
        return jdbc.sql("""
                select at, event, from_status, to_status, plan_slug, cycle, period_start, period_end, details::text as details
                from subscription_history where tenant_id = :tenant order by at, id
                """).param("tenant", tenant.value()).query((rs, n) -> {
                    String from = rs.getString("from_status");
                    return new SubscriptionHistoryEntry(rs.getTimestamp("at").toInstant(),
                            SubscriptionHistoryEntry.Kind.fromCode(rs.getString("event")),
                            from == null ? null : SubscriptionStatus.fromCode(from),
                            SubscriptionStatus.fromCode(rs.getString("to_status")), rs.getString("plan_slug"),
                            BillingCycle.fromCode(rs.getString("cycle")),
                            rs.getObject("period_start", java.time.LocalDate.class),
                            rs.getObject("period_end", java.time.LocalDate.class), rs.getString("details"));
                }).list();
    }

    /** Tenants with something due at {@code now}: trial or period ended, grace over, or a trial ending soon. */
    List<TenantId> due(Instant now, Instant trialNoticeHorizon) {
        return jdbc.sql("""
                select tenant_id from subscriptions
                where (status in ('trial', 'active') and expires_at <= :now)
                   or (status = 'grace_period' and grace_ends_at <= :now)
                   or (status = 'trial' and expires_at <= :horizon)
                order by expires_at, tenant_id
                """).param("now", Timestamp.from(now)).param("horizon", Timestamp.from(trialNoticeHorizon))
                .query((rs, n) -> TenantId.of(rs.getObject("tenant_id", UUID.class))).list();
    }

    /** Claims a one-time notice; false when it was already sent. */
    boolean claimNotice(TenantId tenant, String key) {
        return jdbc.sql("insert into lifecycle_notices (tenant_id, key, sent_at) values (:tenant, :key, :now) on conflict do nothing")
                .param("tenant", tenant.value()).param("key", key).param("now", Timestamp.from(clock.instant()))
                .update() == 1;
    }

    boolean noticeSent(TenantId tenant, String key) {
        return jdbc.sql("select exists(select 1 from lifecycle_notices where tenant_id = :tenant and key = :key)")
                .param("tenant", tenant.value()).param("key", key).query(Boolean.class).single();
    }

    private static Map<String, Object> params(Subscription s) {
        Map<String, Object> p = new java.util.HashMap<>();
        p.put("id", s.id());
        p.put("tenant", s.tenantId().value());
        p.put("plan", s.plan());
        p.put("cycle", s.cycle().code());
        p.put("status", s.status().code());
        p.put("timezone", s.timezone());
        p.put("anchor", s.anchorDate());
        p.put("number", s.periodNumber());
        p.put("periodStart", s.periodStart());
        p.put("periodEnd", s.periodEnd());
        p.put("startsAt", Timestamp.from(s.startsAt()));
        p.put("expiresAt", Timestamp.from(s.expiresAt()));
        p.put("graceEndsAt", s.graceEndsAt() == null ? null : Timestamp.from(s.graceEndsAt()));
        p.put("autoRenew", s.autoRenew());
        p.put("cancelAtPeriodEnd", s.cancelAtPeriodEnd());
        p.put("cancelledAt", s.cancelledAt() == null ? null : Timestamp.from(s.cancelledAt()));
        p.put("pendingPlan", s.pendingPlan());
        p.put("pendingCycle", s.pendingCycle() == null ? null : s.pendingCycle().code());
        p.put("openInvoice", s.openInvoice());
        p.put("createdAt", Timestamp.from(s.createdAt()));
        p.put("updatedAt", Timestamp.from(s.updatedAt()));
        return p;
    }

    static Subscription row(ResultSet rs, int n) throws SQLException {
        Timestamp grace = rs.getTimestamp("grace_ends_at");
        Timestamp cancelled = rs.getTimestamp("cancelled_at");
        String pendingCycle = rs.getString("pending_cycle");
        return new Subscription(rs.getObject("id", UUID.class), TenantId.of(rs.getObject("tenant_id", UUID.class)),
                rs.getString("plan_slug"), BillingCycle.fromCode(rs.getString("cycle")),
                SubscriptionStatus.fromCode(rs.getString("status")), rs.getString("timezone"),
                rs.getObject("anchor_date", java.time.LocalDate.class), rs.getInt("period_number"),
                rs.getObject("period_start", java.time.LocalDate.class),
                rs.getObject("period_end", java.time.LocalDate.class), rs.getTimestamp("starts_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant(), grace == null ? null : grace.toInstant(),
                rs.getBoolean("auto_renew"), rs.getBoolean("cancel_at_period_end"),
                cancelled == null ? null : cancelled.toInstant(), rs.getString("pending_plan_slug"),
                pendingCycle == null ? null : BillingCycle.fromCode(pendingCycle), rs.getString("open_invoice"),
                rs.getInt("version"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
