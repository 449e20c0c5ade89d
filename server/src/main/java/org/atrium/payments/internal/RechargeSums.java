package org.atrium.payments.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.atrium.payments.RechargeFigures;
import org.atrium.platform.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The sums behind {@link RechargeFigures}. */
@Repository
class RechargeSums implements RechargeFigures {

    private final JdbcClient jdbc;

    RechargeSums(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Total> paid(Instant from, Instant to) {
        return jdbc.sql("""
                select currency, count(*) as n, sum(amount) as amount from recharges
                where paid_at >= :from and paid_at < :to and status in ('paid', 'refunded')
                group by currency order by currency
                """).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, n) -> new Total(rs.getLong("n"), Money.rounded(rs.getBigDecimal("amount"),
                        java.util.Currency.getInstance(rs.getString("currency").trim())))).list();
    }
}
