package org.atrium.portal.web;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.atrium.billing.Invoice;
import org.atrium.platform.Money;
import org.atrium.subscriptions.BillingCalendar;
import org.atrium.subscriptions.Subscription;
import org.atrium.tenancy.Tenant;
import org.jspecify.annotations.Nullable;

/**
 * What the home page tells a tenant to do, from where its subscription stands: a pure rule over the tenant, its
 * subscription, the price of its next period, the wallet's balance, its open invoices and today (tenant-local).
 * Every banner names the date that matters and links the page where it is done.
 */
final class Banners {

    /** {@code level} is the banner's colour: info, warning or danger. */
    record Banner(String id, String level, String title, String text, String linkLabel, String linkPath) {
    }

    private Banners() {
    }

    static List<Banner> of(Tenant tenant, @Nullable Subscription s, @Nullable Money nextPrice, Money balance,
            List<Invoice> open, LocalDate today) {
        List<Banner> banners = new ArrayList<>();
        if (tenant.suspension() != null) {
            banners.add(new Banner("suspended", "danger", "Your account is suspended by the platform",
                    "Reason: " + tenant.suspension().reason() + ". Blocked: the product, and every change here "
                            + "(team, settings, API keys). Open: invoices and the wallet. To restore it, contact the "
                            + "platform's support.", "See invoices", "/invoices"));
            return banners;
        }
        if (s == null) {
            return banners;
        }
        Invoice due = open.isEmpty() ? null : open.get(0);
        String dueText = due == null ? "the open invoice"
                : "invoice " + due.number() + " (" + due.amountDue() + ")";
        switch (s.status()) {
            case TRIAL -> {
                long days = Math.max(0, ChronoUnit.DAYS.between(today, s.periodEnd()));
                boolean covered = nextPrice == null || !nextPrice.isPositive() || balance.isAtLeast(nextPrice);
                banners.add(new Banner("trial", covered ? "info" : "warning",
                        "Your trial ends in " + days + (days == 1 ? " day" : " days") + ", on " + s.periodEnd(),
                        covered ? "Your wallet covers the first period of " + s.plan() + "."
                                : "Add funds before " + s.periodEnd() + ": the first period costs " + nextPrice
                                        + " and your wallet holds " + balance + ".",
                        "Add funds", "/wallet"));
            }
            case ACTIVE -> {
                if (s.cancelAtPeriodEnd()) {
                    banners.add(new Banner("cancelling", "warning", "Your subscription ends on " + s.periodEnd(),
                            "It was cancelled at period end. Resume it to keep your plan.", "Resume", "/plan"));
                } else if (s.autoRenew() && nextPrice != null && nextPrice.isPositive()
                        && !balance.isAtLeast(nextPrice)) {
                    banners.add(new Banner("renewal", "warning", "Add funds before " + s.periodEnd(),
                            "The renewal on " + s.periodEnd() + " costs " + nextPrice + "; your wallet holds "
                                    + balance + ".", "Add funds", "/wallet"));
                }
            }
            case GRACE_PERIOD -> {
                LocalDate by = s.graceEndsAt() == null ? s.periodEnd() : BillingCalendar.dateOf(s.graceEndsAt(), s.zone());
                banners.add(new Banner("grace", "warning", "Payment overdue: pay by " + by,
                        "Pay " + dueText + " by " + by + ", or your account becomes read-only. Add funds to your "
                                + "wallet and it is paid at once.", "Add funds", "/wallet"));
            }
            case READ_ONLY -> banners.add(new Banner("read-only", "danger", "Your account is read-only",
                    "Blocked: every change — in the product, and here the team, settings and API keys. You can "
                            + "still see everything. To restore it, pay " + dueText + ": add funds to your wallet "
                            + "and it is paid at once.", "Add funds", "/wallet"));
            case SUSPENDED -> banners.add(new Banner("suspended", "danger", "Your account is suspended",
                    "Blocked: the product, and every change here. Open: invoices and the wallet. To restore it, pay "
                            + dueText + ": add funds to your wallet and it is paid at once.", "Add funds",
                    "/wallet"));
            case CANCELLED, EXPIRED -> banners.add(new Banner("ended", "danger",
                    "Your subscription has ended",
                    "Blocked: the product and every change here. To start again, contact the platform's support.",
                    "See invoices", "/invoices"));
        }
        return banners;
    }
}
