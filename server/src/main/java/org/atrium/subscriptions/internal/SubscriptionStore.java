package org.atrium.subscriptions.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.atrium.catalog.BillingCycle;
import org.atrium.platform.Ids;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.subscriptions.Subscription;
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
    Subscription save(Subscription s, @Nullable SubscriptionStatus from, String event, @Nullable Object details) {
        Map<String, Object> params = params(s);
        params.put("updatedAt", Timestamp.from(clock.instant()));
        params.put("historyId", Ids.newId(clock));
        params.put("at", Timestamp.from(clock.instant()));
        params.put("event", event);
        params.put("from", from == null ? null : from.code());
        params.put("details", details == null ? null : json.writeValueAsString(details));
        return jdbc.sql("""
                with saved as (
                    update subscriptions set plan_slug = :plan, cycle = :cycle, status = :status, timezone = :timezone,
                        anchor_date = :anchor, period_number = :number, period_start = :periodStart,
                        period_end = :periodEnd, starts_at = :startsAt, expires_at = :expiresAt,
                        grace_ends_at = :graceEndsAt, auto_renew = :autoRenew, cancel_at_period_end = :cancelAtPeriodEnd,
                        cancelled_at = :cancelledAt, pending_plan_slug = :pendingPlan, pending_cycle = :pendingCycle,
                        open_invoice = :openInvoice, version = version + 1, updated_at = :updatedAt
                    where id = :id
                    returning *
                ), logged as (
                    insert into subscription_history (id, tenant_id, at, event, from_status, to_status, plan_slug,
                                                      cycle, period_start, period_end, details)
                    select :historyId, tenant_id, :at, :event, :from, status, plan_slug, cycle, period_start,
                           period_end, cast(:details as jsonb)
                    from saved
                )
                select * from saved
                """).params(params).query(SubscriptionStore::row).single();
    }

    void history(Subscription after, @Nullable SubscriptionStatus from, String event, @Nullable Object details) {
        jdbc.sql("""
                insert into subscription_history (id, tenant_id, at, event, from_status, to_status, plan_slug, cycle,
                                                  period_start, period_end, details)
                values (:id, :tenant, :at, :event, :from, :to, :plan, :cycle, :periodStart, :periodEnd,
                        cast(:details as jsonb))
                """).param("id", Ids.newId(clock)).param("tenant", after.tenantId().value())
                .param("at", Timestamp.from(clock.instant())).param("event", event)
                .param("from", from == null ? null : from.code()).param("to", after.status().code())
                .param("plan", after.plan()).param("cycle", after.cycle().code())
                .param("periodStart", after.periodStart()).param("periodEnd", after.periodEnd())
                .param("details", details == null ? null : json.writeValueAsString(details)).update();
    }

    List<Map<String, Object>> historyOf(TenantId tenant) {
        return jdbc.sql("""
                select at, event, from_status, to_status, plan_slug, cycle, period_start, period_end, details::text as details
                from subscription_history where tenant_id = :tenant order by at, id
                """).param("tenant", tenant.value()).query().listOfRows();
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

    private static Subscription row(ResultSet rs, int n) throws SQLException {
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
