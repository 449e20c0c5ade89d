package org.atrium.billing.internal;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gap-free invoice numbers, sequential per prefix and year: {@code INV-2026-00042}. Not a database sequence: the
 * counter row is advanced inside the issuing transaction and stays locked until it ends, so a rollback gives the
 * number back and the next invoice gets it.
 */
@Component
class InvoiceNumbers {

    private final JdbcClient jdbc;

    InvoiceNumbers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    String next(String prefix, int year) {
        return next(prefix, year, 1).get(0);
    }

    /** The next {@code count} numbers of the series, in order, with one update of its counter. */
    @Transactional(propagation = Propagation.MANDATORY)
    List<String> next(String prefix, int year, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("At least one number, not " + count);
        }
        long last = jdbc.sql("""
                insert into invoice_number_counters (prefix, year, last_value) values (:prefix, :year, :count)
                on conflict (prefix, year) do update set last_value = invoice_number_counters.last_value + :count
                returning last_value
                """).param("prefix", prefix).param("year", year).param("count", count).query(Long.class).single();
        List<String> block = new ArrayList<>(count);
        for (long value = last - count + 1; value <= last; value++) {
            block.add(format(prefix, year, value));
        }
        return block;
    }

    static String format(String prefix, int year, long value) {
        String digits = Long.toString(value);
        return prefix + "-" + year + "-" + "0".repeat(Math.max(0, 5 - digits.length())) + digits;
    }
}
