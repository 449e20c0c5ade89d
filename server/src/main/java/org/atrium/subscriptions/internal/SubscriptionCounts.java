package org.atrium.subscriptions.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.atrium.catalog.BillingCycle;
import org.atrium.subscriptions.Subscription;
import org.atrium.subscriptions.SubscriptionFigures;
import org.atrium.subscriptions.SubscriptionStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The platform-wide counts behind the HQ's figures. What was paying at an instant is read from the history (the
 * last entry of each tenant before it), so a month's figure does not change when a subscription changes later.
 */
@Repository
class SubscriptionCounts implements SubscriptionFigures {

    private static final String PAYING = "('active', 'grace_period')";
    private static final String GONE = "('cancelled', 'expired')";

    private final JdbcClient jdbc;

    SubscriptionCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<PlanCount> paying() {
        return jdbc.sql("select plan_slug, cycle, count(*) as n from subscriptions where status in " + PAYING
                + " group by plan_slug, cycle order by plan_slug, cycle").query(SubscriptionCounts::planCount).list();
    }

    @Override
    public List<MonthEnd> history(Instant from, List<Instant> monthEnds) {
        List<MonthEnd> months = new ArrayList<>(monthEnds.size());
        Instant start = from;
        for (Instant end : monthEnds) {
            List<PlanCount> paying = jdbc.sql("""
                    select plan_slug, cycle, count(*) as n from (
                        select distinct on (tenant_id) to_status, plan_slug, cycle from subscription_history
                        where at < :end order by tenant_id, at desc, id desc) last
                    where to_status in %s group by plan_slug, cycle order by plan_slug, cycle
                    """.formatted(PAYING)).param("end", Timestamp.from(end)).query(SubscriptionCounts::planCount)
                    .list();
            long started = jdbc.sql("""
                    select count(*) from (select min(at) as first from subscription_history group by tenant_id) s
                    where first >= :start and first < :end
                    """).param("start", Timestamp.from(start)).param("end", Timestamp.from(end)).query(Long.class)
                    .single();
            long churned = jdbc.sql("""
                    select count(distinct tenant_id) from subscription_history
                    where at >= :start and at < :end and to_status in %s
                      and (from_status is null or from_status not in %s)
                    """.formatted(GONE, GONE)).param("start", Timestamp.from(start)).param("end", Timestamp.from(end))
                    .query(Long.class).single();
            months.add(new MonthEnd(end, paying, started, churned));
            start = end;
        }
        return months;
    }

    @Override
    public List<Subscription> trialsEnding(Instant from, Instant to, int limit) {
        return jdbc.sql("""
                select * from subscriptions where status = 'trial' and expires_at >= :from and expires_at < :to
                order by expires_at, tenant_id limit :limit
                """).param("from", Timestamp.from(from)).param("to", Timestamp.from(to)).param("limit", limit)
                .query(SubscriptionStore::row).list();
    }

    @Override
    public List<Subscription> inStatus(Set<SubscriptionStatus> statuses, int limit) {
        if (statuses.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from subscriptions where status in (:statuses) order by updated_at, tenant_id limit :limit")
                .param("statuses", statuses.stream().map(SubscriptionStatus::code).toList()).param("limit", limit)
                .query(SubscriptionStore::row).list();
    }

    private static PlanCount planCount(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new PlanCount(rs.getString("plan_slug"), BillingCycle.fromCode(rs.getString("cycle")), rs.getLong("n"));
    }
}
