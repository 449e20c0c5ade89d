package org.atrium.console.web;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;

import org.atrium.platform.Money;
import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Money and dates as the HQ pages print them: in the viewer's locale (the browser's {@code Accept-Language}) and,
 * for instants, in the tenant's timezone when the page names one. Templates call it as {@code @hqFormat}.
 */
@Component("hqFormat")
class HqFormat {

    public String money(@Nullable Money money) {
        if (money == null) {
            return "";
        }
        return money(money.amount(), money.currency());
    }

    public String money(@Nullable BigDecimal amount, @Nullable String currency) {
        if (amount == null || currency == null) {
            return "";
        }
        return money(amount, Currency.getInstance(currency));
    }

    private static String money(BigDecimal amount, Currency currency) {
        NumberFormat format = NumberFormat.getCurrencyInstance(locale());
        format.setCurrency(currency);
        int digits = Money.minorDigits(currency);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(amount);
    }

    public String date(@Nullable LocalDate date) {
        return date == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale()).format(date);
    }

    /** An instant in the given timezone (the tenant's), e.g. "Dec 2, 2026, 1:00 AM". */
    public String instant(@Nullable Instant instant, @Nullable String timezone) {
        if (instant == null) {
            return "";
        }
        ZoneId zone = timezone == null ? ZoneId.of("UTC") : ZoneId.of(timezone);
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale())
                .format(instant.atZone(zone));
    }

    public String instant(@Nullable Instant instant) {
        return instant(instant, null);
    }

    /** The ISO date of an instant in UTC, for {@code <input type="date">} values. */
    public String isoDate(@Nullable Instant instant) {
        return instant == null ? "" : instant.atZone(ZoneId.of("UTC")).toLocalDate().toString();
    }

    private static final java.util.Map<String, String> DONE = java.util.Map.ofEntries(
            java.util.Map.entry("created", "Tenant created."),
            java.util.Map.entry("credited", "The wallet was credited."),
            java.util.Map.entry("debited", "The wallet was debited."),
            java.util.Map.entry("replayed", "That reference was recorded before: nothing changed this time."),
            java.util.Map.entry("suspended", "The tenant is suspended."),
            java.util.Map.entry("activated", "The suspension was lifted."),
            java.util.Map.entry("deleted", "The tenant was deleted. It can be restored within 30 days."),
            java.util.Map.entry("restored", "The tenant was restored."),
            java.util.Map.entry("plan-changed", "The plan was changed."),
            java.util.Map.entry("assigned", "The plan was assigned: a new period started today."),
            java.util.Map.entry("extended", "The period was extended."),
            java.util.Map.entry("cancelled", "The subscription was cancelled."),
            java.util.Map.entry("reactivated", "The subscription was reactivated."),
            java.util.Map.entry("auto-renew", "Auto-renew was changed."),
            java.util.Map.entry("reset-sent", "A reset link was sent to the admin."),
            java.util.Map.entry("paid", "The invoice was marked paid."),
            java.util.Map.entry("invoice-cancelled", "The invoice was cancelled."),
            java.util.Map.entry("refunded", "The refund was recorded: a credit note was issued and the wallet credited."),
            java.util.Map.entry("overridden", "The override was saved."));

    /** The confirmation for a {@code ?done=} code after an action (a fixed text: the URL never supplies one). */
    public @Nullable String done(@Nullable String code) {
        return code == null ? null : DONE.get(code);
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
