package org.atrium.billing.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.billing.Invoice;
import org.atrium.billing.InvoiceCancelled;
import org.atrium.billing.InvoiceDraft;
import org.atrium.billing.InvoiceIssued;
import org.atrium.billing.InvoiceLine;
import org.atrium.billing.InvoiceOverdue;
import org.atrium.billing.InvoicePaid;
import org.atrium.billing.InvoiceParty;
import org.atrium.billing.InvoicePayment;
import org.atrium.billing.InvoiceQuery;
import org.atrium.billing.InvoiceRefunded;
import org.atrium.billing.InvoiceStatus;
import org.atrium.billing.InvoiceType;
import org.atrium.billing.Invoicing;
import org.atrium.billing.ManualPayment;
import org.atrium.billing.TaxLine;
import org.atrium.billing.internal.TaxCalculation.Priced;
import org.atrium.operations.PlatformSettings;
import org.atrium.operations.Settings;
import org.atrium.platform.Actor;
import org.atrium.platform.Ids;
import org.atrium.platform.Money;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.atrium.wallet.LedgerRequest;
import org.atrium.wallet.LedgerResult;
import org.atrium.wallet.LedgerType;
import org.atrium.wallet.Wallets;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.ObjectMapper;

/**
 * Invoices in explicit SQL. Locks are always taken in one order, so that issuing, paying and refunding cannot
 * deadlock one another: the invoice row (when an existing invoice changes), then the wallet row (when money moves),
 * then the number counter (when an invoice is issued). A recharge holds its wallet before its listener numbers the
 * invoice, so the wallet must come before the counter everywhere.
 */
@Service
class JdbcInvoicing implements Invoicing {

    /** Largest amount on one line or invoice: keeps totals far inside numeric(19,4). */
    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");
    private static final int MAX_LINES = 500;

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Tenants tenants;
    private final Settings settings;
    private final Wallets wallets;
    private final InvoiceNumbers numbers;
    private final InvoicePdf pdf;

    JdbcInvoicing(JdbcClient jdbc, ObjectMapper json, Clock clock, AuditLog audit, ApplicationEventPublisher events,
            Tenants tenants, Settings settings, Wallets wallets, InvoiceNumbers numbers, InvoicePdf pdf) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.audit = audit;
        this.events = events;
        this.tenants = tenants;
        this.settings = settings;
        this.wallets = wallets;
        this.numbers = numbers;
        this.pdf = pdf;
    }

    /**
     * How an invoice was settled.
     *
     * @param method              payment method code
     * @param walletTransactionId the ledger row that moved the money, if any
     */
    record Settlement(String method, @Nullable String reference, @Nullable String note,
            @Nullable UUID walletTransactionId) {
    }

    // ---------------------------------------------------------------------------------------------------- issuing

    @Override
    @Transactional
    public Invoice issue(InvoiceDraft draft) {
        Checked checked = check(draft);
        if (draft.type() == InvoiceType.REFUND) {
            throw ProblemException.invalidField("type", "a credit note is issued by refunding the invoice it refunds");
        }
        Optional<Invoice> earlier = earlier(draft.tenantId(), checked);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Issue issue = prepare(draft, checked);
        Settlement settlement = null;
        if (draft.paidFromWallet()) {
            settlement = payFromWallet(draft.tenantId(), issue.priced().total(), checked.key(), issue.id(),
                    "Payment of invoice " + checked.key());
        }
        return write(issue, settlement, "saas.invoice.paid");
    }

    @Override
    public Money totalOf(InvoiceDraft draft) {
        return prepare(draft, check(draft)).priced().total();
    }

    /**
     * Issues the invoice of a wallet movement that has already happened (a recharge, a manual credit or debit), paid
     * by that movement. Joins the transaction that moved the money.
     */
    @Transactional
    Invoice issueRecorded(InvoiceDraft draft, Settlement settlement) {
        Checked checked = check(draft);
        Optional<Invoice> earlier = earlier(draft.tenantId(), checked);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        return write(prepare(draft, checked), settlement, "saas.invoice.paid");
    }

    /**
     * Settles an open invoice that bears a wallet movement's reference with that movement: an invoice issued before
     * the money came (a recharge checked out through a gateway) is paid by the recharge, not invoiced twice.
     * Refuses an invoice of another type or amount.
     */
    @Transactional
    Invoice settleRecorded(Invoice open, InvoiceType type, Money amount, Settlement settlement) {
        Invoice invoice = lock(open.number());
        if (invoice.type() != type || invoice.amountDue().compareTo(amount) != 0) {
            throw ProblemException.conflict("reference-conflict",
                    "Reference '%s' is the key of invoice %s (%s, %s due), which this %s movement of %s does not pay"
                            .formatted(invoice.idempotencyKey(), invoice.number(), invoice.type().code(),
                                    invoice.amountDue(), type.code(), amount));
        }
        requireTransition(invoice, InvoiceStatus.PAID);
        return settle(invoice, settlement, today(invoice), "saas.invoice.paid");
    }

    /** A draft checked field by field, with its lines priced. */
    private record Checked(Currency currency, List<InvoiceLine> lines, String key, String fingerprint) {
    }

    /** Everything an invoice needs before it is written. */
    private record Issue(UUID id, TenantId tenantId, InvoiceType type, Priced priced, boolean taxable,
            ZoneId zone, LocalDate issueDate, LocalDate dueDate, @Nullable String refersTo, String key,
            String fingerprint, InvoiceParty buyer, InvoiceParty seller, String prefix) {
    }

    private Checked check(InvoiceDraft draft) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (draft.tenantId() == null) {
            errors.put("tenantId", "is required");
        }
        if (draft.type() == null) {
            errors.put("type", "is required: subscription, recharge, adjustment or refund");
        }
        Currency currency = null;
        try {
            currency = Currency.getInstance(draft.currency() == null ? "" : draft.currency());
        } catch (IllegalArgumentException e) {
            errors.put("currency", "'%s' is not an ISO 4217 currency code".formatted(draft.currency()));
        }
        String key = draft.idempotencyKey() == null ? "" : draft.idempotencyKey().strip();
        if (key.isEmpty() || key.length() > 200) {
            errors.put("idempotencyKey", "is required, at most 200 characters");
        }
        if (draft.refersTo() != null && draft.refersTo().isBlank()) {
            errors.put("refersTo", "an invoice number, or absent");
        }
        List<InvoiceLine> lines = new ArrayList<>();
        if (draft.lines() == null || draft.lines().isEmpty()) {
            errors.put("lines", "at least one line is required");
        } else if (draft.lines().size() > MAX_LINES) {
            errors.put("lines", "at most %d lines".formatted(MAX_LINES));
        } else {
            for (int i = 0; i < draft.lines().size(); i++) {
                InvoiceLine line = line(draft.lines().get(i), "lines[" + i + "]", currency, draft.type(), errors);
                if (line != null) {
                    lines.add(line);
                }
            }
        }
        reject(errors);
        return new Checked(currency, List.copyOf(lines), key, fingerprint(draft, key, lines));
    }

    private static @Nullable InvoiceLine line(InvoiceDraft.@Nullable Line l, String at, @Nullable Currency currency,
            @Nullable InvoiceType type, Map<String, String> errors) {
        if (l == null) {
            errors.put(at, "is required");
            return null;
        }
        int before = errors.size();
        if (l.description() == null || l.description().isBlank() || l.description().length() > 500) {
            errors.put(at + ".description", "is required, at most 500 characters");
        }
        BigDecimal quantity = l.quantity();
        if (quantity == null || quantity.signum() <= 0 || quantity.compareTo(MAX_AMOUNT) >= 0) {
            errors.put(at + ".quantity", "must be greater than zero");
        } else if (quantity.stripTrailingZeros().scale() > 4) {
            errors.put(at + ".quantity", "at most 4 decimal places");
        }
        Money unitPrice = null;
        if (l.unitPrice() == null) {
            errors.put(at + ".unitPrice", "is required");
        } else if (l.unitPrice().abs().compareTo(MAX_AMOUNT) >= 0) {
            errors.put(at + ".unitPrice", "must be less than " + MAX_AMOUNT.toPlainString() + " in size");
        } else if (l.unitPrice().signum() < 0 && type != InvoiceType.ADJUSTMENT) {
            errors.put(at + ".unitPrice", "must not be negative; only an adjustment may credit");
        } else if (currency != null) {
            try {
                unitPrice = new Money(l.unitPrice(), currency);
            } catch (IllegalArgumentException e) {
                errors.put(at + ".unitPrice", e.getMessage());
            }
        }
        if (l.periodFrom() != null && l.periodTo() != null && l.periodTo().isBefore(l.periodFrom())) {
            errors.put(at + ".periodTo", "must not be before periodFrom");
        }
        if (errors.size() > before || unitPrice == null || quantity == null) {
            return null;
        }
        // The one rounding of a line: quantity × unit price to the currency's minor unit.
        Money amount = Money.rounded(unitPrice.amount().multiply(quantity), unitPrice.currency());
        return new InvoiceLine(l.description().strip(), quantity.stripTrailingZeros(), unitPrice, amount,
                l.periodFrom(), l.periodTo());
    }

    /** The invoice issued earlier under the same key, if the draft is the same; a 409 if it is not. */
    private Optional<Invoice> earlier(TenantId tenant, Checked checked) {
        // Serialises issuers of one key, so that two concurrent attempts cannot both find nothing and issue twice.
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:lock, 0))")
                .param("lock", "invoice:" + tenant.value() + ":" + checked.key()).query().singleRow();
        Optional<String> stored = jdbc.sql(
                "select request_hash from invoices where tenant_id = :tenant and idempotency_key = :key")
                .param("tenant", tenant.value()).param("key", checked.key()).query(String.class).optional();
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Invoice invoice = findByIdempotencyKey(tenant, checked.key()).orElseThrow();
        if (!stored.get().equals(checked.fingerprint())) {
            Map<String, Object> members = new LinkedHashMap<>();
            members.put("idempotencyKey", checked.key());
            if (invoice.number() != null) {
                members.put("number", invoice.number());
            }
            throw new ProblemException(HttpStatus.CONFLICT, "idempotency-conflict",
                    "Idempotency key '%s' was already used for invoice %s, which says something else"
                            .formatted(checked.key(), invoice.number()),
                    members);
        }
        return Optional.of(invoice);
    }

    private Issue prepare(InvoiceDraft draft, Checked checked) {
        Tenant tenant = tenants.require(draft.tenantId());
        PlatformSettings s = settings.current();
        Priced priced = TaxCalculation.price(checked.lines(), checked.currency(),
                draft.taxable() ? s.taxRatesFor(tenant.contact().country()) : List.of());
        Money total = priced.total();
        String totalProblem = switch (draft.type()) {
            case RECHARGE -> total.isPositive() ? null : "a recharge must be for more than zero";
            case SUBSCRIPTION -> total.isNegative() ? "a subscription invoice cannot be negative" : null;
            case ADJUSTMENT -> total.isZero() ? "an adjustment of zero adjusts nothing" : null;
            case REFUND -> total.isNegative() ? null : "a credit note must be negative";
        };
        if (totalProblem == null && draft.paidFromWallet() && total.isNegative()) {
            totalProblem = "a credit cannot be paid from the wallet";
        }
        if (totalProblem == null && total.amount().abs().compareTo(MAX_AMOUNT) >= 0) {
            totalProblem = "the total must be less than " + MAX_AMOUNT.toPlainString() + " in size";
        }
        if (totalProblem != null) {
            throw ProblemException.invalidField("lines", totalProblem);
        }
        if (draft.refersTo() != null) {
            Invoice related = find(draft.refersTo()).orElse(null);
            if (related == null || !related.tenantId().equals(draft.tenantId())) {
                throw ProblemException.invalidField("refersTo",
                        "no invoice %s of this tenant".formatted(draft.refersTo()));
            }
        }
        ZoneId zone = ZoneId.of(s.defaultTimezone());
        LocalDate issueDate = LocalDate.ofInstant(clock.instant(), zone);
        LocalDate dueDate = draft.dueDate() != null ? draft.dueDate() : issueDate.plusDays(s.invoiceDueDays());
        if (dueDate.isBefore(issueDate)) {
            throw ProblemException.invalidField("dueDate",
                    "must not be before the issue date %s (%s)".formatted(issueDate, zone));
        }
        return new Issue(Ids.newId(clock), draft.tenantId(), draft.type(), priced, draft.taxable(), zone, issueDate,
                dueDate, draft.refersTo(), checked.key(), checked.fingerprint(), buyer(tenant), seller(s),
                s.invoicePrefix());
    }

    /** Numbers and writes an issued invoice, then settles it when a settlement is given. */
    private Invoice write(Issue issue, @Nullable Settlement settlement, String paidAuditType) {
        // The number is taken last: the counter row stays locked until commit, so nothing slow may follow it.
        String number = numbers.next(issue.prefix(), issue.issueDate().getYear());
        Timestamp now = Timestamp.from(clock.instant());
        Priced p = issue.priced();
        UUID tenant = issue.tenantId().value();
        // The invoice, its number, lines and taxes in one statement. The invoice row comes back as stored (returning
        // *) and is read by the same mapper as a select. Lines and taxes are stored as they are given, and read back
        // with only their quantity and rate stripped of trailing zeros, as below: the invoice is exactly what reading
        // it again would give, without reading it again.
        StringBuilder sql = new StringBuilder("""
                with issued as (
                    insert into invoices (tenant_id, id, number, type, status, currency, subtotal, tax_total, total,
                                          amount_paid, amount_refunded, taxable, timezone, issue_date, due_date,
                                          issued_at, refers_to, idempotency_key, request_hash, buyer, seller,
                                          created_by, created_at, updated_at)
                    values (:tenant, :id, :number, :type, 'issued', :currency, :subtotal, :taxTotal, :total, 0, 0,
                            :taxable, :timezone, :issueDate, :dueDate, :now, :refersTo, :key, :hash,
                            cast(:buyer as jsonb), cast(:seller as jsonb), :createdBy, :now, :now)
                    returning *
                ), numbered as (
                    insert into invoice_numbers (number, tenant_id, invoice_id)
                    select number, tenant_id, id from issued
                )""");
        Map<String, Object> params = new HashMap<>();
        List<InvoiceLine> lines = new ArrayList<>(p.lines().size());
        for (int i = 0; i < p.lines().size(); i++) {
            InvoiceLine l = p.lines().get(i);
            sql.append(i == 0 ? """
                    , lined as (
                        insert into invoice_lines (tenant_id, invoice_id, position, description, quantity, unit_price,
                                                   amount, currency, period_from, period_to)
                        values """ : ", ");
            sql.append("(:tenant, :id, %1$d, :description%1$d, :quantity%1$d, :unitPrice%1$d, :amount%1$d, "
                    .formatted(i + 1) + ":lineCurrency%1$d, :from%1$d, :to%1$d)".formatted(i + 1));
            params.put("description" + (i + 1), l.description());
            params.put("quantity" + (i + 1), l.quantity());
            params.put("unitPrice" + (i + 1), l.unitPrice().amount());
            params.put("amount" + (i + 1), l.amount().amount());
            params.put("lineCurrency" + (i + 1), l.amount().currencyCode());
            params.put("from" + (i + 1), l.periodFrom() == null ? null : Date.valueOf(l.periodFrom()));
            params.put("to" + (i + 1), l.periodTo() == null ? null : Date.valueOf(l.periodTo()));
            lines.add(new InvoiceLine(l.description(), l.quantity().stripTrailingZeros(), l.unitPrice(), l.amount(),
                    l.periodFrom(), l.periodTo()));
        }
        if (!lines.isEmpty()) {
            sql.append(")");
        }
        List<TaxLine> taxes = new ArrayList<>(p.taxes().size());
        for (int i = 0; i < p.taxes().size(); i++) {
            TaxLine t = p.taxes().get(i);
            sql.append(i == 0 ? """
                    , taxed as (
                        insert into invoice_tax_lines (tenant_id, invoice_id, position, code, name, rate, inclusive,
                                                       base, amount, currency)
                        values """ : ", ");
            sql.append("(:tenant, :id, %1$d, :code%1$d, :name%1$d, :rate%1$d, :inclusive%1$d, :base%1$d, "
                    .formatted(i + 1) + ":taxAmount%1$d, :taxCurrency%1$d)".formatted(i + 1));
            params.put("code" + (i + 1), t.code());
            params.put("name" + (i + 1), t.name());
            params.put("rate" + (i + 1), t.rate());
            params.put("inclusive" + (i + 1), t.inclusive());
            params.put("base" + (i + 1), t.base().amount());
            params.put("taxAmount" + (i + 1), t.amount().amount());
            params.put("taxCurrency" + (i + 1), t.amount().currencyCode());
            taxes.add(new TaxLine(t.code(), t.name(), t.rate().stripTrailingZeros(), t.inclusive(), t.base(),
                    t.amount()));
        }
        if (!taxes.isEmpty()) {
            sql.append(")");
        }
        sql.append("\nselect * from issued");
        Head head = jdbc.sql(sql.toString()).params(params).param("tenant", tenant).param("id", issue.id())
                .param("number", number).param("type", issue.type().code())
                .param("currency", p.total().currencyCode()).param("subtotal", p.subtotal().amount())
                .param("taxTotal", p.taxTotal().amount()).param("total", p.total().amount())
                .param("taxable", issue.taxable()).param("timezone", issue.zone().getId())
                .param("issueDate", Date.valueOf(issue.issueDate())).param("dueDate", Date.valueOf(issue.dueDate()))
                .param("now", now).param("refersTo", issue.refersTo()).param("key", issue.key())
                .param("hash", issue.fingerprint()).param("buyer", json.writeValueAsString(issue.buyer()))
                .param("seller", json.writeValueAsString(issue.seller())).param("createdBy", Actor.current().id())
                .query(this::head).single();
        Invoice issued = head.invoice(lines, taxes, List.of());
        audit.record(AuditEntry.of("saas.invoice.issued", issued.tenantId(), number, null, issued));
        events.publishEvent(new InvoiceIssued(issued.tenantId(), number, issued.id(), issued.type(), issued.total(),
                issue.dueDate()));
        if (settlement == null) {
            return issued;
        }
        return settle(issued, settlement, issue.issueDate(), paidAuditType);
    }

    // ---------------------------------------------------------------------------------------------------- paying

    @Override
    @Transactional
    public Invoice settleFromWallet(String number) {
        Invoice invoice = lock(number);
        requireTransition(invoice, InvoiceStatus.PAID);
        Settlement settlement = payFromWallet(invoice.tenantId(), invoice.amountDue(), invoice.idempotencyKey(),
                invoice.id(), "Payment of invoice " + number);
        return settle(invoice, settlement, today(invoice), "saas.invoice.paid");
    }

    @Override
    @Transactional
    public Invoice markPaid(String number, ManualPayment payment) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (payment == null || payment.method() == null) {
            errors.put("method", "is required: wire, cash, check, card or other");
        }
        String reference = payment == null ? null : blankToNull(payment.reference());
        if (reference != null && reference.length() > 200) {
            errors.put("reference", "at most 200 characters");
        }
        String note = payment == null ? null : blankToNull(payment.note());
        if (note != null && note.length() > 1000) {
            errors.put("note", "at most 1000 characters");
        }
        reject(errors);
        Invoice invoice = lock(number);
        LocalDate today = today(invoice);
        LocalDate paidOn = payment.paidOn() == null ? today : payment.paidOn();
        if (paidOn.isAfter(today)) {
            throw ProblemException.invalidField("paidOn",
                    "must not be in the future (today is %s in %s)".formatted(today, invoice.timezone()));
        }
        requireTransition(invoice, InvoiceStatus.PAID);
        return settle(invoice, new Settlement(payment.method().code(), reference, note, null), paidOn,
                "saas.invoice.marked_paid");
    }

    /** Takes the amount from the wallet as a subscription payment (402 when it cannot cover it). */
    private Settlement payFromWallet(TenantId tenant, Money amount, String reference, UUID invoiceId,
            String description) {
        if (!amount.isPositive()) {
            return new Settlement("wallet", null, "nothing to pay", null);
        }
        LedgerResult paid = wallets.debit(tenant, new LedgerRequest(LedgerType.SUBSCRIPTION_PAYMENT, amount.amount(),
                amount.currencyCode(), reference, description, null, Map.of("invoiceId", invoiceId.toString())));
        requireNewMovement(paid, reference);
        return new Settlement("wallet", reference, null, paid.transaction().id());
    }

    /**
     * Billing moves money only together with the invoice that records it; a reference the wallet already knows
     * therefore belongs to a movement made elsewhere, and must not be claimed by this invoice.
     */
    private static void requireNewMovement(LedgerResult result, String reference) {
        if (result.replayed()) {
            throw ProblemException.conflict("reference-conflict",
                    "Reference '%s' already names a wallet movement that is not this invoice's".formatted(reference));
        }
    }

    private Invoice settle(Invoice invoice, Settlement settlement, LocalDate paidOn, String auditType) {
        Money amount = invoice.total().minus(invoice.amountPaid());
        Timestamp now = Timestamp.from(clock.instant());
        // The payment and the invoice's new status in one statement, both as stored.
        Paid written = jdbc.sql("""
                with paid as (
                    insert into invoice_payments (tenant_id, id, invoice_id, method, amount, currency, reference,
                                                  paid_on, note, wallet_transaction_id, recorded_by, recorded_at)
                    values (:tenant, :id, :invoice, :method, :amount, :currency, :reference, :paidOn, :note,
                            :walletTx, :by, :now)
                    returning *
                ), settled as (
                    update invoices set status = 'paid', amount_paid = total, paid_at = :now, updated_at = :now
                    where tenant_id = :tenant and id = :invoice
                    returning *
                )
                select settled.*, paid.id as payment_id, paid.method as payment_method,
                       paid.amount as payment_amount, paid.currency as payment_currency,
                       paid.reference as payment_reference, paid.paid_on as payment_paid_on, paid.note as payment_note,
                       paid.wallet_transaction_id as payment_wallet_transaction_id,
                       paid.recorded_by as payment_recorded_by, paid.recorded_at as payment_recorded_at
                from settled cross join paid
                """).param("tenant", invoice.tenantId().value()).param("id", Ids.newId(clock))
                .param("invoice", invoice.id()).param("method", settlement.method()).param("amount", amount.amount())
                .param("currency", amount.currencyCode()).param("reference", settlement.reference())
                .param("paidOn", Date.valueOf(paidOn)).param("note", settlement.note())
                .param("walletTx", settlement.walletTransactionId()).param("by", Actor.current().id())
                .param("now", now).query((rs, n) -> new Paid(head(rs, n), payment(rs, "payment_"))).single();
        Head head = written.head();
        InvoicePayment payment = written.payment();
        // Lines and taxes never change once issued; an open invoice has no payment yet, so this one is its only one.
        // Should an earlier payment exist, the invoice is read again to list them in their stored order.
        Invoice paid = invoice.payments().isEmpty()
                ? head.invoice(invoice.lines(), invoice.taxLines(), List.of(payment))
                : require(invoice.tenantId(), invoice.id());
        audit.record(AuditEntry.of(auditType, paid.tenantId(), paid.number(), invoice, paid));
        events.publishEvent(new InvoicePaid(paid.tenantId(), paid.number(), paid.id(), amount, settlement.method()));
        return paid;
    }

    // ------------------------------------------------------------------------------------ cancelling, overdue

    @Override
    @Transactional
    public Invoice cancel(String number, String reason) {
        String why = requireReason(reason);
        Invoice invoice = lock(number);
        requireTransition(invoice, InvoiceStatus.CANCELLED);
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                update invoices set status = 'cancelled', cancelled_at = :now, cancellation_reason = :reason,
                       updated_at = :now
                where tenant_id = :tenant and id = :id
                """).param("now", now).param("reason", why).param("tenant", invoice.tenantId().value())
                .param("id", invoice.id()).update();
        Invoice cancelled = require(invoice.tenantId(), invoice.id());
        audit.record(AuditEntry.of("saas.invoice.cancelled", cancelled.tenantId(), number, invoice, cancelled));
        events.publishEvent(new InvoiceCancelled(cancelled.tenantId(), number, cancelled.id(), why));
        return cancelled;
    }

    @Override
    @Transactional
    public List<Invoice> markOverdue(LocalDate today) {
        // skip locked: an invoice being paid right now is left alone, and two runs never wait on each other.
        List<Invoice> due = select("""
                select * from invoices where status = 'issued' and due_date < :today
                order by tenant_id, id for update skip locked
                """, Map.of("today", Date.valueOf(today)));
        List<Invoice> changed = new ArrayList<>();
        Timestamp now = Timestamp.from(clock.instant());
        for (Invoice invoice : due) {
            jdbc.sql("update invoices set status = 'overdue', updated_at = :now where tenant_id = :tenant and id = :id")
                    .param("now", now).param("tenant", invoice.tenantId().value()).param("id", invoice.id()).update();
            Invoice overdue = require(invoice.tenantId(), invoice.id());
            audit.record(AuditEntry.of("saas.invoice.overdue", overdue.tenantId(), overdue.number(), invoice, overdue));
            events.publishEvent(new InvoiceOverdue(overdue.tenantId(), overdue.number(), overdue.id(),
                    overdue.amountDue(), overdue.dueDate()));
            changed.add(overdue);
        }
        return changed;
    }

    // ------------------------------------------------------------------------------------------------ refunds

    @Override
    @Transactional
    public Invoice refund(String number, BigDecimal amount, String reason, String reference) {
        Map<String, String> errors = new LinkedHashMap<>();
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 1000) {
            errors.put("reason", "is required, at most 1000 characters");
        }
        String key = reference == null ? "" : reference.strip();
        if (key.isEmpty() || key.length() > 200) {
            errors.put("reference", "is required (the refund's idempotency key), at most 200 characters");
        }
        if (amount == null) {
            errors.put("amount", "is required");
        } else if (amount.signum() <= 0) {
            errors.put("amount", "must be greater than zero");
        } else if (amount.compareTo(MAX_AMOUNT) >= 0) {
            errors.put("amount", "must be less than " + MAX_AMOUNT.toPlainString());
        }
        reject(errors);
        Invoice original = lock(number);
        Money refund;
        try {
            refund = new Money(amount, Currency.getInstance(original.currency()));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("amount", e.getMessage());
        }
        String fingerprint = sha256("refund|" + number + "|" + refund.toPlainString());
        Optional<Invoice> earlier = earlier(original.tenantId(), new Checked(refund.currency(), List.of(), key,
                fingerprint));
        if (earlier.isPresent()) {
            return earlier.get();
        }
        if (original.type() == InvoiceType.REFUND || original.type() == InvoiceType.RECHARGE) {
            throw ProblemException.conflict("not-refundable", original.type() == InvoiceType.REFUND
                    ? "%s is a credit note; it cannot be refunded".formatted(number)
                    : "%s is a wallet recharge: its money is in the wallet; take it out with a debit".formatted(number));
        }
        if (original.status() != InvoiceStatus.PAID) {
            throw new ProblemException(HttpStatus.CONFLICT, "not-refundable",
                    "Only a paid invoice can be refunded; %s is %s".formatted(number, original.status().code()),
                    Map.of("currentState", original.status().code()));
        }
        Money refundable = original.refundable();
        if (refund.compareTo(refundable) > 0) {
            Map<String, Object> members = new LinkedHashMap<>();
            members.put("refundable", refundable.toPlainString());
            members.put("requested", refund.toPlainString());
            members.put("currency", refund.currencyCode());
            members.put("errors", Map.of("amount", "at most " + refundable.toPlainString()));
            throw new ProblemException(HttpStatus.CONFLICT, "refund-exceeds-paid",
                    "%s can be refunded at most %s (paid %s, refunded %s)".formatted(number, refundable,
                            original.amountPaid(), original.amountRefunded()),
                    members);
        }
        Priced priced = TaxCalculation.creditNote("Refund of %s: %s".formatted(number, why), refund,
                original.total(), original.taxLines());
        LedgerResult credited = wallets.credit(original.tenantId(), new LedgerRequest(LedgerType.REFUND,
                refund.amount(), refund.currencyCode(), key, "Refund of %s: %s".formatted(number, why), null,
                Map.of("invoice", number)));
        requireNewMovement(credited, key);

        Tenant tenant = tenants.require(original.tenantId());
        PlatformSettings s = settings.current();
        ZoneId zone = ZoneId.of(s.defaultTimezone());
        LocalDate issueDate = LocalDate.ofInstant(clock.instant(), zone);
        Issue issue = new Issue(Ids.newId(clock), original.tenantId(), InvoiceType.REFUND, priced, false, zone,
                issueDate, issueDate, number, key, fingerprint, buyer(tenant), seller(s), s.invoicePrefix());
        Invoice creditNote = write(issue, new Settlement("wallet", key, null, credited.transaction().id()),
                "saas.invoice.paid");

        jdbc.sql("""
                update invoices set amount_refunded = amount_refunded + :amount, updated_at = :now
                where tenant_id = :tenant and id = :id
                """).param("amount", refund.amount()).param("now", Timestamp.from(clock.instant()))
                .param("tenant", original.tenantId().value()).param("id", original.id()).update();
        Invoice refunded = require(original.tenantId(), original.id());
        audit.record(AuditEntry.of("saas.invoice.refunded", refunded.tenantId(), number, original,
                Map.of("invoice", refunded, "creditNote", creditNote.number(), "reason", why)));
        events.publishEvent(new InvoiceRefunded(refunded.tenantId(), number, creditNote.number(), refund));
        return creditNote;
    }

    // ------------------------------------------------------------------------------------------------- reading

    @Override
    public Optional<Invoice> find(String number) {
        return select("""
                select i.* from invoice_numbers n
                join invoices i on i.tenant_id = n.tenant_id and i.id = n.invoice_id
                where n.number = :number
                """, Map.of("number", number)).stream().findFirst();
    }

    @Override
    public Invoice require(String number) {
        return find(number).orElseThrow(() -> ProblemException.notFound("Invoice", number));
    }

    @Override
    public Optional<Invoice> findByIdempotencyKey(TenantId tenant, String idempotencyKey) {
        return select("select * from invoices where tenant_id = :tenant and idempotency_key = :key",
                Map.of("tenant", tenant.value(), "key", idempotencyKey)).stream().findFirst();
    }

    @Override
    public PageResponse<Invoice> list(InvoiceQuery query, PageRequest page) {
        StringBuilder where = new StringBuilder(" where true");
        Map<String, Object> params = new HashMap<>();
        if (query.tenant() != null) {
            where.append(" and tenant_id = :tenant");
            params.put("tenant", query.tenant().value());
        }
        if (query.status() != null) {
            where.append(" and status = :status");
            params.put("status", query.status().code());
        }
        if (query.type() != null) {
            where.append(" and type = :type");
            params.put("type", query.type().code());
        }
        long total = jdbc.sql("select count(*) from invoices" + where).params(params).query(Long.class).single();
        params.put("limit", page.size());
        params.put("offset", page.offset());
        List<Invoice> items = select("select * from invoices" + where + " order by " + page.orderBy()
                + ", id limit :limit offset :offset", params);
        return page.response(items, total);
    }

    @Override
    public List<Invoice> open(TenantId tenant) {
        return select("""
                select * from invoices where tenant_id = :tenant and status in ('issued', 'overdue')
                order by due_date, number
                """, Map.of("tenant", tenant.value()));
    }

    @Override
    public byte[] pdf(String number) {
        return pdf.render(InvoiceDocument.of(require(number)));
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private Invoice lock(String number) {
        return select("""
                select i.* from invoice_numbers n
                join invoices i on i.tenant_id = n.tenant_id and i.id = n.invoice_id
                where n.number = :number
                for update of i
                """, Map.of("number", number)).stream().findFirst()
                .orElseThrow(() -> ProblemException.notFound("Invoice", number));
    }

    private Invoice require(TenantId tenant, UUID id) {
        return select("select * from invoices where tenant_id = :tenant and id = :id",
                Map.of("tenant", tenant.value(), "id", id)).stream().findFirst().orElseThrow();
    }

    private static void requireTransition(Invoice invoice, InvoiceStatus target) {
        if (!invoice.status().canBecome(target)) {
            throw ProblemException.illegalTransition("Invoice " + invoice.number(), invoice.status().code(),
                    target.code());
        }
    }

    private LocalDate today(Invoice invoice) {
        return LocalDate.ofInstant(clock.instant(), ZoneId.of(invoice.timezone()));
    }

    private static String requireReason(@Nullable String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 1000) {
            throw ProblemException.invalidField("reason", "is required, at most 1000 characters");
        }
        return why;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static void reject(Map<String, String> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("validation", "The request is not valid: " + errors, errors);
        }
    }

    private static InvoiceParty buyer(Tenant tenant) {
        Tenant.Contact c = tenant.contact();
        String place = Stream.of(c.postalCode(), c.city()).filter(v -> v != null && !v.isBlank())
                .reduce((a, b) -> a + " " + b).orElse(null);
        List<String> address = Stream.of(c.addressLine1(), c.addressLine2(), place, c.region())
                .filter(v -> v != null && !v.isBlank()).toList();
        return new InvoiceParty(tenant.billingName(), address, c.country(), c.taxId(), c.billingRecipient());
    }

    private static InvoiceParty seller(PlatformSettings s) {
        PlatformSettings.Seller seller = s.seller();
        List<String> address = seller.address() == null ? List.of()
                : Stream.of(seller.address().split("\\R")).map(String::strip).filter(v -> !v.isEmpty()).toList();
        return new InvoiceParty(seller.name(), address, null, seller.taxId(), seller.email());
    }

    /** What makes two drafts under one key the same invoice: everything but the due date. */
    private static String fingerprint(InvoiceDraft d, String key, List<InvoiceLine> lines) {
        StringBuilder canonical = new StringBuilder().append(d.type()).append('|').append(d.currency()).append('|')
                .append(d.taxable()).append('|').append(d.paidFromWallet()).append('|').append(d.refersTo())
                .append('|').append(key);
        for (InvoiceLine l : lines) {
            canonical.append('|').append(l.description()).append(';').append(l.quantity().toPlainString())
                    .append(';').append(l.unitPrice().toPlainString()).append(';').append(l.periodFrom())
                    .append(';').append(l.periodTo());
        }
        return sha256(canonical.toString());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Runs a query over invoices and loads their lines, taxes and payments with one query each. */
    private List<Invoice> select(String sql, Map<String, ?> params) {
        List<Head> heads = jdbc.sql(sql).params(params).query(this::head).list();
        if (heads.isEmpty()) {
            return List.of();
        }
        List<Object[]> keys = heads.stream().map(h -> new Object[] { h.tenantId().value(), h.id() }).toList();
        Map<UUID, List<InvoiceLine>> lines = new HashMap<>();
        jdbc.sql("select * from invoice_lines where (tenant_id, invoice_id) in (:keys) order by invoice_id, position")
                .param("keys", keys).query(rs -> {
                    lines.computeIfAbsent(rs.getObject("invoice_id", UUID.class), k -> new ArrayList<>())
                            .add(line(rs));
                });
        Map<UUID, List<TaxLine>> taxes = new HashMap<>();
        jdbc.sql("select * from invoice_tax_lines where (tenant_id, invoice_id) in (:keys) order by invoice_id, position")
                .param("keys", keys).query(rs -> {
                    taxes.computeIfAbsent(rs.getObject("invoice_id", UUID.class), k -> new ArrayList<>())
                            .add(taxLine(rs));
                });
        Map<UUID, List<InvoicePayment>> payments = new HashMap<>();
        jdbc.sql("select * from invoice_payments where (tenant_id, invoice_id) in (:keys) order by recorded_at, id")
                .param("keys", keys).query(rs -> {
                    payments.computeIfAbsent(rs.getObject("invoice_id", UUID.class), k -> new ArrayList<>())
                            .add(payment(rs, ""));
                });
        return heads.stream().map(h -> h.invoice(lines.getOrDefault(h.id(), List.of()),
                taxes.getOrDefault(h.id(), List.of()), payments.getOrDefault(h.id(), List.of()))).toList();
    }

    private static InvoiceLine line(ResultSet rs) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency"));
        Date from = rs.getDate("period_from");
        Date to = rs.getDate("period_to");
        return new InvoiceLine(rs.getString("description"), rs.getBigDecimal("quantity").stripTrailingZeros(),
                new Money(rs.getBigDecimal("unit_price"), currency), new Money(rs.getBigDecimal("amount"), currency),
                from == null ? null : from.toLocalDate(), to == null ? null : to.toLocalDate());
    }

    private static TaxLine taxLine(ResultSet rs) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency"));
        return new TaxLine(rs.getString("code"), rs.getString("name"), rs.getBigDecimal("rate").stripTrailingZeros(),
                rs.getBoolean("inclusive"), new Money(rs.getBigDecimal("base"), currency),
                new Money(rs.getBigDecimal("amount"), currency));
    }

    /** A payment row; {@code prefix} is put before each column name. */
    private static InvoicePayment payment(ResultSet rs, String prefix) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString(prefix + "currency"));
        return new InvoicePayment(rs.getObject(prefix + "id", UUID.class), rs.getString(prefix + "method"),
                new Money(rs.getBigDecimal(prefix + "amount"), currency), rs.getString(prefix + "reference"),
                rs.getDate(prefix + "paid_on").toLocalDate(), rs.getString(prefix + "note"),
                rs.getObject(prefix + "wallet_transaction_id", UUID.class), rs.getString(prefix + "recorded_by"),
                rs.getTimestamp(prefix + "recorded_at").toInstant());
    }

    /** A settled invoice row and the payment that settled it. */
    private record Paid(Head head, InvoicePayment payment) {
    }

    /** An invoice row without its lines, taxes and payments. */
    private record Head(UUID id, TenantId tenantId, @Nullable String number, InvoiceType type, InvoiceStatus status,
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

    private Head head(ResultSet rs, int n) throws SQLException {
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

    private static @Nullable LocalDate localDate(@Nullable Date date) {
        return date == null ? null : date.toLocalDate();
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
