package org.atrium.analytics.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.atrium.analytics.BusinessFigures;
import org.atrium.analytics.RecurringRevenue;
import org.atrium.billing.InvoiceFigures;
import org.atrium.billing.InvoiceStatus;
import org.atrium.billing.InvoiceType;
import org.atrium.catalog.Catalog;
import org.atrium.operations.Settings;
import org.atrium.payments.RechargeFigures;
import org.atrium.platform.Money;
import org.atrium.platform.ProblemException;
import org.atrium.subscriptions.SubscriptionFigures;
import org.atrium.tenancy.TenantFigures;
import org.springframework.stereotype.Service;

/** {@link BusinessFigures} from the figures each module publishes, priced with the catalog's current plans. */
@Service
class DashboardFigures implements BusinessFigures {

    private final Clock clock;
    private final Settings settings;
    private final Catalog catalog;
    private final TenantFigures tenants;
    private final SubscriptionFigures subscriptions;
    private final InvoiceFigures invoices;
    private final RechargeFigures recharges;

    DashboardFigures(Clock clock, Settings settings, Catalog catalog, TenantFigures tenants,
            SubscriptionFigures subscriptions, InvoiceFigures invoices, RechargeFigures recharges) {
        this.clock = clock;
        this.settings = settings;
        this.catalog = catalog;
        this.tenants = tenants;
        this.subscriptions = subscriptions;
        this.invoices = invoices;
        this.recharges = recharges;
    }

    @Override
    public Overview overview() {
        Instant now = clock.instant();
        ZoneId zone = zone();
        YearMonth month = YearMonth.from(now.atZone(zone));
        Instant start = startOf(month, zone);
        Instant next = startOf(month.plusMonths(1), zone);
        Instant previous = startOf(month.minusMonths(1), zone);
        List<RecurringRevenue> recurring = MrrCalculation.of(subscriptions.paying(), catalog::findPlan);
        List<RechargeFigures.Total> rechargesPaid = recharges.paid(start, next);
        List<InvoiceFigures.Total> overdue = invoices.due(InvoiceStatus.OVERDUE);
        return new Overview(now, month, tenants.countByStatus(), recurring,
                amounts(invoices.paid(InvoiceType.SUBSCRIPTION, start, next)),
                amounts(invoices.paid(InvoiceType.SUBSCRIPTION, previous, start)),
                rechargesPaid.stream().map(RechargeFigures.Total::amount).toList(),
                rechargesPaid.stream().mapToLong(RechargeFigures.Total::recharges).sum(), amounts(overdue),
                overdue.stream().mapToLong(InvoiceFigures.Total::invoices).sum());
    }

    @Override
    public List<Month> months(int months) {
        if (months < 1 || months > 36) {
            throw ProblemException.badRequest("validation", "months must be between 1 and 36",
                    java.util.Map.of("months", "must be between 1 and 36"));
        }
        Instant now = clock.instant();
        ZoneId zone = zone();
        YearMonth last = YearMonth.from(now.atZone(zone));
        YearMonth first = last.minusMonths(months - 1L);
        List<Instant> ends = new ArrayList<>(months);
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            Instant end = startOf(m.plusMonths(1), zone);
            ends.add(end.isAfter(now) ? now : end);
        }
        List<SubscriptionFigures.MonthEnd> history = subscriptions.history(startOf(first, zone), ends);
        List<Month> result = new ArrayList<>(months);
        for (int i = 0; i < history.size(); i++) {
            SubscriptionFigures.MonthEnd end = history.get(i);
            List<Money> mrr = MrrCalculation.of(end.paying(), catalog::findPlan).stream().map(RecurringRevenue::mrr)
                    .toList();
            result.add(new Month(first.plusMonths(i), mrr, end.started(), end.churned()));
        }
        return result;
    }

    private ZoneId zone() {
        return ZoneId.of(settings.current().defaultTimezone());
    }

    private static Instant startOf(YearMonth month, ZoneId zone) {
        return month.atDay(1).atStartOfDay(zone).toInstant();
    }

    private static List<Money> amounts(List<InvoiceFigures.Total> totals) {
        return totals.stream().map(InvoiceFigures.Total::amount).toList();
    }
}
