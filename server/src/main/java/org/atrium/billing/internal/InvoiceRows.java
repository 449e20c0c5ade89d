package org.atrium.billing.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import org.atrium.billing.Invoice;
import org.atrium.billing.InvoiceLine;
import org.atrium.billing.InvoiceParty;
import org.atrium.billing.InvoicePayment;
import org.atrium.billing.InvoiceStatus;
import org.atrium.billing.InvoiceType;
import org.atrium.billing.TaxLine;
import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

import tools.jackson.databind.ObjectMapper;

/** Rows of the invoice tables as values, every column read by its name. */
final class InvoiceRows {

    private final ObjectMapper json;

    InvoiceRows(ObjectMapper json) {
        this.json = json;
    }

    /** An invoice row without its lines, taxes and payments. */
    record Head(UUID id, TenantId tenantId, @Nullable String number, InvoiceType type, InvoiceStatus status,
            Currency currency, Money subtotal, Money taxTotal, Money total, Money amountPaid, Money amountRefunded,
            boolean taxable, String timezone, @Nullable LocalDate issueDate, @Nullable LocalDate dueDate,
            @Nullable Instant issuedAt, @Nullable Instant paidAt, @Nullable Instant cancelledAt,
            @Nullable String cancellationReason, @Nullable String refersTo, String idempotencyKey,
            @Nullable InvoiceParty buyer, @Nullable InvoiceParty seller, Instant createdAt, Instant updatedAt) {

        Invoice invoice(List<InvoiceLine> lines, List<TaxLine> taxes, List<InvoicePayment> payments) {
            return new Invoice(id, tenantId, number, type, status, currency.getCurrencyCode(), List.copyOf(lines),
                    List.copyOf(taxes), subtotal, taxTotal, total, amountPaid, amountRefunded, taxable, timezone,
                    issueDate, dueDate, issuedAt, paidAt, cancelledAt, cancellationReason, refersTo, idempotencyKey,
                    buyer, seller, List.copyOf(payments), createdAt, updatedAt);
        }
    }

    Head head(ResultSet rs, int n) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency"));
        String buyer = rs.getString("buyer");
        String seller = rs.getString("seller");
        return new Head(rs.getObject("id", UUID.class), TenantId.of(rs.getObject("tenant_id", UUID.class)),
                rs.getString("number"), InvoiceType.fromCode(rs.getString("type")),
                InvoiceStatus.fromCode(rs.getString("status")), currency,
                new Money(rs.getBigDecimal("subtotal"), currency), new Money(rs.getBigDecimal("tax_total"), currency),
                new Money(rs.getBigDecimal("total"), currency), new Money(rs.getBigDecimal("amount_paid"), currency),
                new Money(rs.getBigDecimal("amount_refunded"), currency), rs.getBoolean("taxable"),
                rs.getString("timezone"), localDate(rs.getDate("issue_date")), localDate(rs.getDate("due_date")),
                instant(rs.getTimestamp("issued_at")), instant(rs.getTimestamp("paid_at")),
                instant(rs.getTimestamp("cancelled_at")), rs.getString("cancellation_reason"),
                rs.getString("refers_to"), rs.getString("idempotency_key"),
                buyer == null ? null : json.readValue(buyer, InvoiceParty.class),
                seller == null ? null : json.readValue(seller, InvoiceParty.class),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    static InvoiceLine line(ResultSet rs) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency"));
        return new InvoiceLine(rs.getString("description"), rs.getBigDecimal("quantity").stripTrailingZeros(),
                new Money(rs.getBigDecimal("unit_price"), currency), new Money(rs.getBigDecimal("amount"), currency),
                localDate(rs.getDate("period_from")), localDate(rs.getDate("period_to")));
    }

    static TaxLine taxLine(ResultSet rs) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency"));
        return new TaxLine(rs.getString("code"), rs.getString("name"), rs.getBigDecimal("rate").stripTrailingZeros(),
                rs.getBoolean("inclusive"), new Money(rs.getBigDecimal("base"), currency),
                new Money(rs.getBigDecimal("amount"), currency));
    }

    static InvoicePayment payment(ResultSet rs) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency"));
        return new InvoicePayment(rs.getObject("id", UUID.class), rs.getString("method"),
                new Money(rs.getBigDecimal("amount"), currency), rs.getString("reference"),
                rs.getDate("paid_on").toLocalDate(), rs.getString("note"),
                rs.getObject("wallet_transaction_id", UUID.class), rs.getString("recorded_by"),
                rs.getTimestamp("recorded_at").toInstant());
    }

    private static @Nullable LocalDate localDate(@Nullable Date date) {
        return date == null ? null : date.toLocalDate();
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
