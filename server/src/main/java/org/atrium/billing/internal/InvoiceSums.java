package org.atrium.billing.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.atrium.billing.InvoiceFigures;
import org.atrium.billing.InvoiceStatus;
import org.atrium.billing.InvoiceType;
import org.atrium.platform.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The sums behind {@link InvoiceFigures}: one grouped query each. */
@Repository
class InvoiceSums implements InvoiceFigures {

    private final JdbcClient jdbc;

    InvoiceSums(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Total> paid(InvoiceType type, Instant from, Instant to) {
        return jdbc.sql("""
                select currency, count(*) as n, sum(amount_paid) as amount from invoices
                where type = :type and paid_at >= :from and paid_at < :to and status <> 'cancelled'
                group by currency order by currency
                """).param("type", type.code()).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query(InvoiceSums::total).list();
    }

    @Override
    public List<Total> due(InvoiceStatus status) {
        return jdbc.sql("""
                select currency, count(*) as n, sum(total - amount_paid) as amount from invoices
                where status = :status group by currency order by currency
                """).param("status", status.code()).query(InvoiceSums::total).list();
    }

    private static Total total(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Total(rs.getLong("n"), Money.rounded(rs.getBigDecimal("amount"), java.util.Currency.getInstance(
                rs.getString("currency").trim())));
    }
}
