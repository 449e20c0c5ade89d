package org.atrium.analytics.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.atrium.analytics.BusinessFigures;
import org.atrium.audit.AuditEvent;
import org.atrium.audit.AuditLog;
import org.atrium.audit.AuditQuery;
import org.atrium.billing.Invoice;
import org.atrium.billing.InvoiceQuery;
import org.atrium.billing.InvoiceStatus;
import org.atrium.billing.Invoicing;
import org.atrium.identity.StaffConsole;
import org.atrium.operations.Settings;
import org.atrium.platform.Money;
import org.atrium.platform.PageRequest;
import org.atrium.platform.Permissions;
import org.atrium.subscriptions.Subscription;
import org.atrium.subscriptions.SubscriptionFigures;
import org.atrium.subscriptions.SubscriptionStatus;
import org.atrium.tenancy.Tenant;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.TenantStatus;
import org.atrium.tenancy.Tenants;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The HQ's home: the business at a glance. Every staff member sees who they are and where they are signed in; the
 * figures need {@code analytics.read}, the audit events {@code audit.read}.
 */
@Controller
class DashboardPage {

    static final int LIST_SIZE = 10;
    private static final Set<SubscriptionStatus> AT_RISK = Set.of(SubscriptionStatus.GRACE_PERIOD,
            SubscriptionStatus.READ_ONLY);

    private final StaffConsole staff;
    private final BusinessFigures figures;
    private final SubscriptionFigures subscriptions;
    private final Tenants tenants;
    private final Invoicing invoicing;
    private final AuditLog audit;
    private final Settings settings;
    private final Clock clock;

    DashboardPage(StaffConsole staff, BusinessFigures figures, SubscriptionFigures subscriptions, Tenants tenants,
            Invoicing invoicing, AuditLog audit, Settings settings, Clock clock) {
        this.staff = staff;
        this.figures = figures;
        this.subscriptions = subscriptions;
        this.tenants = tenants;
        this.invoicing = invoicing;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
    }

    /** A tenant named in one of the dashboard's lists. */
    record TenantLine(String slug, String name, String status, String when) {
    }

    record InvoiceLine(String number, String tenant, String due, String amount) {
    }

    record EventLine(String at, String type, String actor, String target) {
    }

    record Tile(String label, String value, String detail) {
    }

    record MonthLine(String month, String mrr, long started, long churned) {
    }

    @GetMapping("/hq")
    String dashboard(HttpServletRequest request, Locale locale, Model model) {
        StaffConsole.Me me = staff.current().orElseThrow(() -> new AccessDeniedException("Not signed in"));
        ZoneId zone = ZoneId.of(settings.current().defaultTimezone());
        Formats f = new Formats(locale, zone);
        model.addAttribute("me", me);
        model.addAttribute("sessions", staff.sessions(request.getSession().getId()).stream()
                .map(s -> new TenantLine(s.device(), s.address(), s.current() ? "this session" : "",
                        f.dateTime(s.lastSeen())))
                .toList());
        model.addAttribute("zone", zone.getId());
        boolean mayFigures = me.may(Permissions.ANALYTICS_READ);
        model.addAttribute("mayFigures", mayFigures);
        model.addAttribute("mayAudit", me.may(Permissions.AUDIT_READ));
        if (mayFigures) {
            figures(model, f);
        }
        if (me.may(Permissions.AUDIT_READ)) {
            List<AuditEvent> events = audit.find(new AuditQuery(null, null, null, null, null),
                    new PageRequest(0, LIST_SIZE, "seq", true)).items();
            model.addAttribute("events", events.stream().map(e -> new EventLine(f.dateTime(e.occurredAt()), e.type(),
                    e.actorType() + (e.actorId() == null ? "" : " " + e.actorId()),
                    e.target() == null ? "" : e.target())).toList());
        }
        return "analytics/dashboard";
    }

    /** The chart's data: twelve months of MRR (in the first currency there is) and of started and churned. */
    @GetMapping(value = "/hq/analytics/months", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('analytics.read')")
    @ResponseBody
    Map<String, Object> months(Locale locale) {
        List<BusinessFigures.Month> months = figures.months(12);
        String currency = currencyOf(months, settings.current().defaultCurrency());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("currency", currency);
        body.put("labels", months.stream().map(m -> m.month().getMonth().getDisplayName(TextStyle.SHORT, locale)
                + " " + m.month().getYear()).toList());
        body.put("mrr", months.stream().map(m -> m.mrr().stream().filter(x -> x.currencyCode().equals(currency))
                .findFirst().map(Money::toPlainString).orElse("0")).toList());
        body.put("started", months.stream().map(BusinessFigures.Month::started).toList());
        body.put("churned", months.stream().map(BusinessFigures.Month::churned).toList());
        return body;
    }

    private void figures(Model model, Formats f) {
        BusinessFigures.Overview o = figures.overview();
        List<Tile> byStatus = new ArrayList<>();
        for (TenantStatus status : TenantStatus.values()) {
            byStatus.add(new Tile(label(status.code()), f.count(o.tenantsByStatus().getOrDefault(status, 0L)), ""));
        }
        model.addAttribute("byStatus", byStatus);
        model.addAttribute("tenantsTotal", f.count(o.tenantsByStatus().values().stream().mapToLong(Long::longValue)
                .sum()));
        String none = f.money(Money.zero(settings.current().defaultCurrency()));
        model.addAttribute("mrr", o.recurring().isEmpty() ? none
                : f.money(o.recurring().stream().map(r -> r.mrr()).toList(), none));
        model.addAttribute("arr", o.recurring().isEmpty() ? none
                : f.money(o.recurring().stream().map(r -> r.arr()).toList(), none));
        model.addAttribute("paying", f.count(o.recurring().stream().mapToLong(r -> r.subscriptions()).sum()));
        model.addAttribute("unpriced", o.recurring().stream().mapToLong(r -> r.unpriced()).sum());
        model.addAttribute("month", o.month().getMonth().getDisplayName(TextStyle.FULL, f.locale()) + " "
                + o.month().getYear());
        model.addAttribute("revenueThisMonth", f.money(o.revenueThisMonth(), none));
        model.addAttribute("revenueLastMonth", f.money(o.revenueLastMonth(), none));
        model.addAttribute("rechargesThisMonth", f.money(o.rechargesThisMonth(), none));
        model.addAttribute("rechargeCount", f.count(o.rechargeCountThisMonth()));
        model.addAttribute("overdueTotal", f.money(o.overdue(), none));
        model.addAttribute("overdueCount", f.count(o.overdueInvoices()));

        model.addAttribute("months", figures.months(12).stream().map(m -> new MonthLine(
                m.month().getMonth().getDisplayName(TextStyle.SHORT, f.locale()) + " " + m.month().getYear(),
                f.money(m.mrr(), none), m.started(), m.churned())).toList());

        Instant now = clock.instant();
        List<Subscription> trials = subscriptions.trialsEnding(now, now.plus(Duration.ofDays(7)), LIST_SIZE);
        List<Subscription> atRisk = subscriptions.inStatus(AT_RISK, LIST_SIZE);
        List<Invoice> overdue = invoicing.list(new InvoiceQuery(null, InvoiceStatus.OVERDUE, null),
                new PageRequest(0, LIST_SIZE, "due_date", false)).items();
        List<TenantId> ids = new ArrayList<>();
        trials.forEach(s -> ids.add(s.tenantId()));
        atRisk.forEach(s -> ids.add(s.tenantId()));
        overdue.forEach(i -> ids.add(i.tenantId()));
        Map<TenantId, Tenant> named = tenants.findAll(ids);
        model.addAttribute("trials", trials.stream().map(s -> line(named, s, f.date(s.expiresAt()))).toList());
        model.addAttribute("atRisk", atRisk.stream().map(s -> line(named, s, s.graceEndsAt() == null ? ""
                : f.date(s.graceEndsAt()))).toList());
        model.addAttribute("overdue", overdue.stream().map(i -> new InvoiceLine(String.valueOf(i.number()),
                named.containsKey(i.tenantId()) ? named.get(i.tenantId()).name() : "",
                i.dueDate() == null ? "" : f.date(i.dueDate()), f.money(i.amountDue()))).toList());
    }

    private static TenantLine line(Map<TenantId, Tenant> named, Subscription s, String when) {
        Tenant t = named.get(s.tenantId());
        return new TenantLine(t == null ? "" : t.slug(), t == null ? "" : t.name(), label(s.status().code()), when);
    }

    private static String currencyOf(List<BusinessFigures.Month> months, String fallback) {
        for (int i = months.size() - 1; i >= 0; i--) {
            if (!months.get(i).mrr().isEmpty()) {
                return months.get(i).mrr().get(0).currencyCode();
            }
        }
        return fallback;
    }

    static String label(String code) {
        String words = code.replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
