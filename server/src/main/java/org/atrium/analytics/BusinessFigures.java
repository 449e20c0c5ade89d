package org.atrium.analytics;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import org.atrium.platform.Money;
import org.atrium.tenancy.TenantStatus;

/**
 * The business at a glance, as of the injected clock, with months in the platform's default timezone. Every
 * amount is per currency: amounts in different currencies are never added.
 */
public interface BusinessFigures {

    /** What the dashboard's tiles show. */
    record Overview(Instant at, YearMonth month, Map<TenantStatus, Long> tenantsByStatus,
            List<RecurringRevenue> recurring, List<Money> revenueThisMonth, List<Money> revenueLastMonth,
            List<Money> rechargesThisMonth, long rechargeCountThisMonth, List<Money> overdue, long overdueInvoices) {
    }

    /**
     * One month of the chart: the MRR at its end (for the current month, now), and the subscriptions that started
     * and churned (became cancelled or expired) during it.
     */
    record Month(YearMonth month, List<Money> mrr, long started, long churned) {
    }

    Overview overview();

    /** The last {@code months} months, the current one last (1 to 36). */
    List<Month> months(int months);
}
