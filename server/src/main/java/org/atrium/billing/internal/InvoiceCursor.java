package org.atrium.billing.internal;

import java.util.Currency;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.atrium.billing.InvoiceExports;
import org.atrium.billing.InvoiceQuery;
import org.atrium.billing.InvoiceStatus;
import org.atrium.billing.InvoiceType;
import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link InvoiceExports} over a PostgreSQL cursor: with a fetch size inside a transaction, the driver reads the
 * rows a thousand at a time instead of all at once, so an export of a million invoices holds a thousand.
 */
@Repository
class InvoiceCursor implements InvoiceExports {

    private static final int FETCH_SIZE = 1000;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    InvoiceCursor(DataSource dataSource, PlatformTransactionManager transactions) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(FETCH_SIZE);
        this.jdbc = new NamedParameterJdbcTemplate(template);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    @Override
    public long forEach(InvoiceQuery query, Consumer<Row> each) {
        StringBuilder where = new StringBuilder(" where number is not null");
        Map<String, Object> params = new HashMap<>();
        InvoiceFilters.append(query, where, params);
        String sql = "select number, tenant_id, type, status, issue_date, due_date, currency, total, amount_paid,"
                + " amount_refunded from invoices" + where + " order by issued_at desc, id";
        long[] count = { 0 };
        readOnly.executeWithoutResult(status -> jdbc.query(sql, params, rs -> {
            Currency currency = Currency.getInstance(rs.getString("currency").trim());
            each.accept(new Row(rs.getString("number"), TenantId.of(rs.getObject("tenant_id", java.util.UUID.class)),
                    InvoiceType.fromCode(rs.getString("type")), InvoiceStatus.fromCode(rs.getString("status")),
                    rs.getObject("issue_date", java.time.LocalDate.class),
                    rs.getObject("due_date", java.time.LocalDate.class),
                    Money.rounded(rs.getBigDecimal("total"), currency),
                    Money.rounded(rs.getBigDecimal("amount_paid"), currency),
                    Money.rounded(rs.getBigDecimal("amount_refunded"), currency)));
            count[0]++;
        }));
        return count[0];
    }
}
