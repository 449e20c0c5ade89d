package org.atrium.billing.internal;

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
        long value = jdbc.sql("""
                insert into invoice_number_counters (prefix, year, last_value) values (:prefix, :year, 1)
                on conflict (prefix, year) do update set last_value = invoice_number_counters.last_value + 1
                returning last_value
                """).param("prefix", prefix).param("year", year).query(Long.class).single();
        return format(prefix, year, value);
    }

    static String format(String prefix, int year, long value) {
        return "%s-%d-%05d".formatted(prefix, year, value);
    }
}
