package org.atrium.billing.internal;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.atrium.billing.Invoice;
import org.atrium.billing.InvoiceLine;
import org.atrium.billing.InvoiceParty;
import org.atrium.billing.InvoicePayment;
import org.atrium.billing.InvoiceQuery;
import org.atrium.billing.TaxLine;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.platform.database.SqlArray;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.databind.ObjectMapper;

/**
 * Invoices in five tables (the invoice, its lines, taxes and payments, and the number index), in explicit SQL. It
 * stores what {@link Invoice}'s state changes decided and decides nothing itself. Rows are read by column name
 * ({@link InvoiceRows}); an invoice is always read with its lines, taxes and payments, one query each for any number
 * of invoices.
 */
@Repository
class Invoices {

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final InvoiceRows rows;

    Invoices(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.rows = new InvoiceRows(json);
    }

    /** An invoice about to be written, and the fingerprint of the draft it was issued from. */
    record New(Invoice invoice, String fingerprint) {
    }

    // ------------------------------------------------------------------------------------------------- reading

    /** Platform-wide: an invoice by its number, whichever tenant it belongs to. */
    Optional<Invoice> findByNumber(String number) {
        return select("""
                select i.* from invoice_numbers n
                join invoices i on i.tenant_id = n.tenant_id and i.id = n.invoice_id
                where n.number = :number
                """, Map.of("number", number)).stream().findFirst();
    }

    /** The tenant's invoice with that number. */
    Optional<Invoice> findByNumber(TenantId tenant, String number) {
        return select("""
                select i.* from invoice_numbers n
                join invoices i on i.tenant_id = n.tenant_id and i.id = n.invoice_id
                where n.tenant_id = :tenant and n.number = :number
                """, Map.of("tenant", tenant.value(), "number", number)).stream().findFirst();
    }

    /** The invoice with that number, locked until the transaction ends, or a 404 problem. */
    Invoice lockByNumber(String number) {
        return select("""
                select i.* from invoice_numbers n
                join invoices i on i.tenant_id = n.tenant_id and i.id = n.invoice_id
                where n.number = :number
                for update of i
                """, Map.of("number", number)).stream().findFirst()
                .orElseThrow(() -> ProblemException.notFound("Invoice", number));
    }

    Optional<Invoice> findByKey(TenantId tenant, String idempotencyKey) {
        return select("select * from invoices where tenant_id = :tenant and idempotency_key = :key",
                Map.of("tenant", tenant.value(), "key", idempotencyKey)).stream().findFirst();
    }

    PageResponse<Invoice> list(InvoiceQuery query, PageRequest page) {
        StringBuilder where = new StringBuilder(" where true");
        Map<String, Object> params = new HashMap<>();
        InvoiceFilters.append(query, where, params);
        long total = jdbc.sql("select count(*) from invoices" + where).params(params).query(Long.class).single();
        params.put("limit", page.size());
        params.put("offset", page.offset());
        List<Invoice> items = select("select * from invoices" + where + " order by " + page.orderBy()
                + ", id limit :limit offset :offset", params);
        return page.response(items, total);
    }

    List<Invoice> open(TenantId tenant) {
        return select("""
                select * from invoices where tenant_id = :tenant and status in ('issued', 'overdue')
                order by due_date, number
                """, Map.of("tenant", tenant.value()));
    }

    /**
     * Platform-wide: the issued invoices due before {@code today}, locked. {@code skip locked}: an invoice being paid
     * right now is left alone, and two runs never wait on each other.
     */
    List<Invoice> lockDueBefore(LocalDate today) {
        return select("""
                select * from invoices where status = 'issued' and due_date < :today
                order by tenant_id, id for update skip locked
                """, Map.of("today", Date.valueOf(today)));
    }

    /** {@link #lockDueBefore} for one tenant's invoices (a sandbox tenant on a test clock of its own). */
    List<Invoice> lockDueBefore(TenantId tenant, LocalDate today) {
        return select("""
                select * from invoices where tenant_id = :tenant and status = 'issued' and due_date < :today
                order by id for update skip locked
                """, Map.of("tenant", tenant.value(), "today", Date.valueOf(today)));
    }

    // ------------------------------------------------------------------------------------------------- writing

    /**
     * Writes new invoices (already numbered, issued or paid) with their lines, taxes, payments and numbers: one
     * statement for all of them, whatever their number (the daily run writes a chunk's invoices this way).
     */
    void insertAll(List<New> invoices, String createdBy, Instant now) {
        List<Invoice> all = invoices.stream().map(New::invoice).toList();
        List<LineRow> lines = new ArrayList<>();
        List<TaxRow> taxes = new ArrayList<>();
        List<PaymentRow> payments = new ArrayList<>();
        Map<InvoiceParty, String> parties = new HashMap<>();
        List<String> buyers = new ArrayList<>(all.size());
        List<String> sellers = new ArrayList<>(all.size());
        for (Invoice invoice : all) {
            for (int l = 0; l < invoice.lines().size(); l++) {
                lines.add(new LineRow(invoice, l + 1, invoice.lines().get(l)));
            }
            for (int t = 0; t < invoice.taxLines().size(); t++) {
                taxes.add(new TaxRow(invoice, t + 1, invoice.taxLines().get(t)));
            }
            for (InvoicePayment payment : invoice.payments()) {
                payments.add(new PaymentRow(invoice, payment));
            }
            buyers.add(parties.computeIfAbsent(invoice.buyer(), json::writeValueAsString));
            sellers.add(parties.computeIfAbsent(invoice.seller(), json::writeValueAsString));
        }
        int written = jdbc.sql("""
                with issued as (
                    insert into invoices (tenant_id, id, number, type, status, currency, subtotal, tax_total, total,
                                          amount_paid, amount_refunded, taxable, timezone, issue_date, due_date,
                                          issued_at, paid_at, refers_to, idempotency_key, request_hash, buyer, seller,
                                          created_by, created_at, updated_at)
                    select t, id, number, type, status, currency, subtotal, tax_total, total, amount_paid, 0, taxable,
                           timezone, issue_date, due_date, :now, case when status = 'paid' then cast(:now as timestamptz) end, refers_to,
                           key, hash, cast(buyer as jsonb), cast(seller as jsonb), :createdBy, :now, :now
                    from unnest(:tenants, :ids, :numbers, :types, :statuses, :currencies, :subtotals, :taxTotals,
                                :totals, :amountsPaid, :taxable, :timezones, :issueDates, :dueDates, :refersTo, :keys,
                                :hashes, :buyers, :sellers)
                         as x(t, id, number, type, status, currency, subtotal, tax_total, total, amount_paid, taxable,
                              timezone, issue_date, due_date, refers_to, key, hash, buyer, seller)
                    returning tenant_id, id, number
                ), numbered as (
                    insert into invoice_numbers (number, tenant_id, invoice_id)
                    select number, tenant_id, id from issued
                ), lined as (
                    insert into invoice_lines (tenant_id, invoice_id, position, description, quantity, unit_price,
                                               amount, currency, period_from, period_to)
                    select * from unnest(:lineTenants, :lineInvoices, :linePositions, :lineDescriptions,
                                         :lineQuantities, :lineUnitPrices, :lineAmounts, :lineCurrencies, :lineFrom,
                                         :lineTo)
                ), taxed as (
                    insert into invoice_tax_lines (tenant_id, invoice_id, position, code, name, rate, inclusive, base,
                                                   amount, currency)
                    select * from unnest(:taxTenants, :taxInvoices, :taxPositions, :taxCodes, :taxNames, :taxRates,
                                         :taxInclusive, :taxBases, :taxAmounts, :taxCurrencies)
                ), paid as (
                    insert into invoice_payments (tenant_id, id, invoice_id, method, amount, currency, reference,
                                                  paid_on, note, wallet_transaction_id, recorded_by, recorded_at)
                    select t, id, invoice, method, amount, currency, reference, paid_on, note, wallet_tx, :createdBy,
                           :now
                    from unnest(:payTenants, :payIds, :payInvoices, :payMethods, :payAmounts, :payCurrencies,
                                :payReferences, :payDates, :payNotes, :payWalletTx)
                         as x(t, id, invoice, method, amount, currency, reference, paid_on, note, wallet_tx)
                )
                select count(*) from issued
                """).param("now", Timestamp.from(now)).param("createdBy", createdBy)
                .param("tenants", SqlArray.of("uuid", all, r -> r.tenantId().value()))
                .param("ids", SqlArray.of("uuid", all, Invoice::id))
                .param("numbers", SqlArray.of("text", all, Invoice::number))
                .param("types", SqlArray.of("text", all, r -> r.type().code()))
                .param("statuses", SqlArray.of("text", all, r -> r.status().code()))
                .param("currencies", SqlArray.of("text", all, Invoice::currency))
                .param("subtotals", SqlArray.of("numeric", all, r -> r.subtotal().amount()))
                .param("taxTotals", SqlArray.of("numeric", all, r -> r.taxTotal().amount()))
                .param("totals", SqlArray.of("numeric", all, r -> r.total().amount()))
                .param("amountsPaid", SqlArray.of("numeric", all, r -> r.amountPaid().amount()))
                .param("taxable", SqlArray.of("bool", all, Invoice::taxable))
                .param("timezones", SqlArray.of("text", all, Invoice::timezone))
                .param("issueDates", SqlArray.of("date", all, r -> Date.valueOf(r.issueDate())))
                .param("dueDates", SqlArray.of("date", all, r -> Date.valueOf(r.dueDate())))
                .param("refersTo", SqlArray.of("text", all, Invoice::refersTo))
                .param("keys", SqlArray.of("text", all, Invoice::idempotencyKey))
                .param("hashes", SqlArray.of("text", invoices, New::fingerprint))
                .param("buyers", SqlArray.of("text", buyers)).param("sellers", SqlArray.of("text", sellers))
                .param("lineTenants", SqlArray.of("uuid", lines, r -> r.invoice().tenantId().value()))
                .param("lineInvoices", SqlArray.of("uuid", lines, r -> r.invoice().id()))
                .param("linePositions", SqlArray.of("int4", lines, LineRow::position))
                .param("lineDescriptions", SqlArray.of("text", lines, r -> r.line().description()))
                .param("lineQuantities", SqlArray.of("numeric", lines, r -> r.line().quantity()))
                .param("lineUnitPrices", SqlArray.of("numeric", lines, r -> r.line().unitPrice().amount()))
                .param("lineAmounts", SqlArray.of("numeric", lines, r -> r.line().amount().amount()))
                .param("lineCurrencies", SqlArray.of("text", lines, r -> r.line().amount().currencyCode()))
                .param("lineFrom", SqlArray.of("date", lines, r -> date(r.line().periodFrom())))
                .param("lineTo", SqlArray.of("date", lines, r -> date(r.line().periodTo())))
                .param("taxTenants", SqlArray.of("uuid", taxes, r -> r.invoice().tenantId().value()))
                .param("taxInvoices", SqlArray.of("uuid", taxes, r -> r.invoice().id()))
                .param("taxPositions", SqlArray.of("int4", taxes, TaxRow::position))
                .param("taxCodes", SqlArray.of("text", taxes, r -> r.tax().code()))
                .param("taxNames", SqlArray.of("text", taxes, r -> r.tax().name()))
                .param("taxRates", SqlArray.of("numeric", taxes, r -> r.tax().rate()))
                .param("taxInclusive", SqlArray.of("bool", taxes, r -> r.tax().inclusive()))
                .param("taxBases", SqlArray.of("numeric", taxes, r -> r.tax().base().amount()))
                .param("taxAmounts", SqlArray.of("numeric", taxes, r -> r.tax().amount().amount()))
                .param("taxCurrencies", SqlArray.of("text", taxes, r -> r.tax().amount().currencyCode()))
                .param("payTenants", SqlArray.of("uuid", payments, r -> r.invoice().tenantId().value()))
                .param("payIds", SqlArray.of("uuid", payments, r -> r.payment().id()))
                .param("payInvoices", SqlArray.of("uuid", payments, r -> r.invoice().id()))
                .param("payMethods", SqlArray.of("text", payments, r -> r.payment().method()))
                .param("payAmounts", SqlArray.of("numeric", payments, r -> r.payment().amount().amount()))
                .param("payCurrencies", SqlArray.of("text", payments, r -> r.payment().amount().currencyCode()))
                .param("payReferences", SqlArray.of("text", payments, r -> r.payment().reference()))
                .param("payDates", SqlArray.of("date", payments, r -> Date.valueOf(r.payment().paidOn())))
                .param("payNotes", SqlArray.of("text", payments, r -> r.payment().note()))
                .param("payWalletTx", SqlArray.of("uuid", payments, r -> r.payment().walletTransactionId()))
                .query(Integer.class).single();
        if (written != all.size()) {
            throw new IllegalStateException("Wrote " + written + " of " + all.size() + " invoices");
        }
    }

    private record LineRow(Invoice invoice, int position, InvoiceLine line) {
    }

    private record TaxRow(Invoice invoice, int position, TaxLine tax) {
    }

    private record PaymentRow(Invoice invoice, InvoicePayment payment) {
    }

    /** Stores the payment that settled an invoice and its new state, in one statement. */
    void settled(Invoice paid, InvoicePayment payment) {
        jdbc.sql("""
                with paid as (
                    insert into invoice_payments (tenant_id, id, invoice_id, method, amount, currency, reference,
                                                  paid_on, note, wallet_transaction_id, recorded_by, recorded_at)
                    values (:tenant, :id, :invoice, :method, :amount, :currency, :reference, :paidOn, :note,
                            :walletTx, :by, :recordedAt)
                )
                update invoices set status = :status, amount_paid = :amountPaid, paid_at = :paidAt,
                       updated_at = :updatedAt
                where tenant_id = :tenant and id = :invoice
                """).param("tenant", paid.tenantId().value()).param("id", payment.id()).param("invoice", paid.id())
                .param("method", payment.method()).param("amount", payment.amount().amount())
                .param("currency", payment.amount().currencyCode()).param("reference", payment.reference())
                .param("paidOn", Date.valueOf(payment.paidOn())).param("note", payment.note())
                .param("walletTx", payment.walletTransactionId()).param("by", payment.recordedBy())
                .param("recordedAt", Timestamp.from(payment.recordedAt())).param("status", paid.status().code())
                .param("amountPaid", paid.amountPaid().amount()).param("paidAt", Timestamp.from(paid.paidAt()))
                .param("updatedAt", Timestamp.from(paid.updatedAt())).update();
    }

    /** Stores a cancellation. */
    void cancelled(Invoice cancelled) {
        jdbc.sql("""
                update invoices set status = :status, cancelled_at = :cancelledAt, cancellation_reason = :reason,
                       updated_at = :updatedAt
                where tenant_id = :tenant and id = :id
                """).param("status", cancelled.status().code())
                .param("cancelledAt", Timestamp.from(cancelled.cancelledAt()))
                .param("reason", cancelled.cancellationReason())
                .param("updatedAt", Timestamp.from(cancelled.updatedAt()))
                .param("tenant", cancelled.tenantId().value()).param("id", cancelled.id()).update();
    }

    /** Stores the new status of several invoices (marked overdue together), with one statement. */
    void statusChanged(List<Invoice> changed) {
        if (changed.isEmpty()) {
            return;
        }
        jdbc.sql("""
                update invoices i set status = x.status, updated_at = x.updated_at
                from unnest(:tenants, :ids, :statuses, :updatedAt) as x(tenant_id, id, status, updated_at)
                where i.tenant_id = x.tenant_id and i.id = x.id
                """).param("tenants", SqlArray.of("uuid", changed, i -> i.tenantId().value()))
                .param("ids", SqlArray.of("uuid", changed, Invoice::id))
                .param("statuses", SqlArray.of("text", changed, i -> i.status().code()))
                .param("updatedAt", SqlArray.of("timestamptz", changed, i -> Timestamp.from(i.updatedAt())))
                .update();
    }

    /** Stores what has been refunded of an invoice. */
    void refunded(Invoice refunded) {
        jdbc.sql("""
                update invoices set amount_refunded = :amountRefunded, updated_at = :updatedAt
                where tenant_id = :tenant and id = :id
                """).param("amountRefunded", refunded.amountRefunded().amount())
                .param("updatedAt", Timestamp.from(refunded.updatedAt()))
                .param("tenant", refunded.tenantId().value()).param("id", refunded.id()).update();
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** Runs a query over invoices and loads their lines, taxes and payments with one query each. */
    private List<Invoice> select(String sql, Map<String, ?> params) {
        List<InvoiceRows.Head> heads = jdbc.sql(sql).params(params).query(rows::head).list();
        if (heads.isEmpty()) {
            return List.of();
        }
        List<Object[]> keys = heads.stream().map(h -> new Object[] { h.tenantId().value(), h.id() }).toList();
        Map<UUID, List<InvoiceLine>> lines = new HashMap<>();
        jdbc.sql("select * from invoice_lines where (tenant_id, invoice_id) in (:keys) order by invoice_id, position")
                .param("keys", keys).query(rs -> {
                    lines.computeIfAbsent(rs.getObject("invoice_id", UUID.class), k -> new ArrayList<>())
                            .add(InvoiceRows.line(rs));
                });
        Map<UUID, List<TaxLine>> taxes = new HashMap<>();
        jdbc.sql("select * from invoice_tax_lines where (tenant_id, invoice_id) in (:keys) order by invoice_id, position")
                .param("keys", keys).query(rs -> {
                    taxes.computeIfAbsent(rs.getObject("invoice_id", UUID.class), k -> new ArrayList<>())
                            .add(InvoiceRows.taxLine(rs));
                });
        Map<UUID, List<InvoicePayment>> payments = new HashMap<>();
        jdbc.sql("select * from invoice_payments where (tenant_id, invoice_id) in (:keys) order by recorded_at, id")
                .param("keys", keys).query(rs -> {
                    payments.computeIfAbsent(rs.getObject("invoice_id", UUID.class), k -> new ArrayList<>())
                            .add(InvoiceRows.payment(rs));
                });
        return heads.stream().map(h -> h.invoice(lines.getOrDefault(h.id(), List.of()),
                taxes.getOrDefault(h.id(), List.of()), payments.getOrDefault(h.id(), List.of()))).toList();
    }

    private static Date date(LocalDate day) {
        return day == null ? null : Date.valueOf(day);
    }
}
