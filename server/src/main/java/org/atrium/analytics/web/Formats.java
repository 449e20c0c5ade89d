package org.atrium.analytics.web;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;

import org.atrium.platform.Money;

/** Money and dates as the viewer reads them: in their locale, dates in the zone the page names. */
record Formats(Locale locale, ZoneId zone) {

    String money(Money money) {
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(money.currency());
        format.setMinimumFractionDigits(Money.minorDigits(money.currency()));
        format.setMaximumFractionDigits(Money.minorDigits(money.currency()));
        return format.format(money.amount());
    }

    /** Several currencies side by side, or the empty text when there is no amount at all. */
    String money(List<Money> amounts, String empty) {
        return amounts.isEmpty() ? empty : String.join(" + ", amounts.stream().map(this::money).toList());
    }

    String count(long n) {
        return NumberFormat.getIntegerInstance(locale).format(n);
    }

    String date(LocalDate date) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).format(date);
    }

    String date(Instant at) {
        return date(at.atZone(zone).toLocalDate());
    }

    String dateTime(Instant at) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale)
                .format(at.atZone(zone));
    }
}
