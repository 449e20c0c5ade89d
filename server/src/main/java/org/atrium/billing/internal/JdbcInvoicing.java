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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import org.atrium.platform.database.SqlArray;
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

    /** How an invoice that is paid from the wallet but costs nothing is settled: without a ledger row. */
    private static final Settlement NOTHING_TO_PAY = new Settlement("wallet", null, "nothing to pay", null);

    // ---------------------------------------------------------------------------------------------------- issuing

    @Override
    @Transactional
    public Invoice issue(InvoiceDraft draft) {
        return issueAll(List.of(draft)).get(0);
    }

    @Override
    @Transactional
    public List<Invoice> issueAll(List<InvoiceDraft> drafts) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        List<Checked> checked = new ArrayList<>(drafts.size());
        for (InvoiceDraft draft : drafts) {
            Checked c = check(draft);
            if (draft.type() == InvoiceType.REFUND) {
                throw ProblemException.invalidField("type",
                        "a credit note is issued by refunding the invoice it refunds");
            }
            checked.add(c);
        }
        Map<String, Invoice> earlier = earlierAll(drafts, checked);
        List<Issue> issues = new ArrayList<>();
        List<Wallets.Debit> debits = new ArrayList<>();
        List<Integer> debitOf = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < drafts.size(); i++) {
            InvoiceDraft draft = drafts.get(i);
            String key = keyOf(draft.tenantId(), checked.get(i).key());
            if (!seen.add(key)) {
                throw ProblemException.conflict("idempotency-conflict",
                        "Idempotency key '%s' names two invoices of one batch".formatted(checked.get(i).key()));
            }
            if (earlier.containsKey(key)) {
                continue;
            }
            Issue issue = prepare(draft, checked.get(i));
            if (draft.paidFromWallet() && issue.priced().total().isPositive()) {
                debits.add(new Wallets.Debit(draft.tenantId(), walletPayment(issue.priced().total(), issue.key(),
                        issue.id(), "Payment of invoice " + issue.key())));
                debitOf.add(issues.size());
            }
            issues.add(issue);
        }
        // Every wallet first (locked together, in tenant order), then the numbers: the order of locks everywhere.
        List<LedgerResult> paid = debits.isEmpty() ? List.of() : wallets.debitAll(debits);
        // A wallet-paid invoice is settled by its ledger row; one of nothing to pay is settled without one.
        List<@Nullable Settlement> settlements = new ArrayList<>(issues.size());
        for (Issue issue : issues) {
            settlements.add(issue.paidFromWallet() ? NOTHING_TO_PAY : null);
        }
        for (int d = 0; d < paid.size(); d++) {
            settlements.set(debitOf.get(d), paidBy(paid.get(d)));
        }
        List<Invoice> written = writeAll(issues, settlements, "saas.invoice.paid");
        List<Invoice> results = new ArrayList<>(drafts.size());
        int next = 0;
        for (int i = 0; i < drafts.size(); i++) {
            Invoice found = earlier.get(keyOf(drafts.get(i).tenantId(), checked.get(i).key()));
            results.add(found != null ? found : written.get(next++));
        }
        return results;
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
        return writeAll(List.of(prepare(draft, checked)), List.of(settlement), "saas.invoice.paid").get(0);
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
            String fingerprint, InvoiceParty buyer, InvoiceParty seller, String prefix, boolean paidFromWallet) {
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
        if (l.description() == null || l.description().isBlank()
                || l.description().length() > org.atrium.platform.TextLimits.LINE_DESCRIPTION) {
            errors.put(at + ".description",
                    "is required, at most %d characters".formatted(org.atrium.platform.TextLimits.LINE_DESCRIPTION));
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

    /**
     * The invoices issued earlier under the keys of a batch, by tenant and key: {@link #earlier} for each draft, with
     * the keys locked in one order so that two batches cannot deadlock, and looked up with one query.
     */
    private Map<String, Invoice> earlierAll(List<InvoiceDraft> drafts, List<Checked> checked) {
        List<String> locks = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            locks.add("invoice:" + drafts.get(i).tenantId().value() + ":" + checked.get(i).key());
        }
        jdbc.sql("""
                select count(pg_advisory_xact_lock(hashtextextended(lock, 0)))
                from (select lock from unnest(:locks) as x(lock) order by hashtextextended(lock, 0)) ordered
                """).param("locks", SqlArray.of("text", locks)).query(Long.class).single();
        Map<String, String> stored = new HashMap<>();
        jdbc.sql("""
                select i.tenant_id, i.idempotency_key, i.request_hash from invoices i
                join unnest(:tenants, :keys) as x(tenant_id, key)
                  on i.tenant_id = x.tenant_id and i.idempotency_key = x.key
                """).param("tenants", SqlArray.of("uuid", drafts, d -> d.tenantId().value()))
                .param("keys", SqlArray.of("text", checked, Checked::key))
                .query(rs -> {
                    stored.put(keyOf(TenantId.of(rs.getObject("tenant_id", UUID.class)),
                            rs.getString("idempotency_key")), rs.getString("request_hash"));
                });
        if (stored.isEmpty()) {
            return Map.of();
        }
        Map<String, Invoice> found = new HashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            String key = keyOf(drafts.get(i).tenantId(), checked.get(i).key());
            if (stored.containsKey(key)) {
                found.put(key, sameOrConflict(drafts.get(i).tenantId(), checked.get(i), stored.get(key)));
            }
        }
        return found;
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
        return Optional.of(sameOrConflict(tenant, checked, stored.get()));
    }

    /** The invoice stored under the draft's key, if it is the draft's; a 409 if it says something else. */
    private Invoice sameOrConflict(TenantId tenant, Checked checked, String storedFingerprint) {
        Invoice invoice = findByIdempotencyKey(tenant, checked.key()).orElseThrow();
        if (!storedFingerprint.equals(checked.fingerprint())) {
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
        return invoice;
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
                s.invoicePrefix(), draft.paidFromWallet());
    }

    /**
     * Numbers and writes invoices, each with its lines, taxes and, when a settlement is given, its payment: one
     * statement for all of them. A settled invoice is written paid; the audit log still shows it issued, then paid,
     * and both events are published, as when an open invoice is paid later.
     */
    private List<Invoice> writeAll(List<Issue> issues, List<@Nullable Settlement> settlements,
            String paidAuditType) {
        if (issues.isEmpty()) {
            return List.of();
        }
        Map<String, List<Issue>> bySeries = new LinkedHashMap<>();
        for (Issue issue : issues) {
            bySeries.computeIfAbsent(issue.prefix() + "|" + issue.issueDate().getYear(), k -> new ArrayList<>())
                    .add(issue);
        }
        // The numbers are taken last: the counter row stays locked until commit, so nothing slow may follow it.
        Map<UUID, String> numbered = new HashMap<>();
        bySeries.values().forEach(series -> {
            Issue first = series.get(0);
            List<String> block = numbers.next(first.prefix(), first.issueDate().getYear(), series.size());
            for (int i = 0; i < series.size(); i++) {
                numbered.put(series.get(i).id(), block.get(i));
            }
        });
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String createdBy = Actor.current().id();
        List<Invoice> issued = new ArrayList<>(issues.size());
        List<Invoice> result = new ArrayList<>(issues.size());
        List<Object[]> lineRows = new ArrayList<>();
        List<Object[]> taxRows = new ArrayList<>();
        List<Object[]> paymentRows = new ArrayList<>();
        Map<InvoiceParty, String> parties = new HashMap<>();
        List<String> buyers = new ArrayList<>(issues.size());
        List<String> sellers = new ArrayList<>(issues.size());
        for (int i = 0; i < issues.size(); i++) {
            Issue issue = issues.get(i);
            Priced p = issue.priced();
            String number = numbered.get(issue.id());
            UUID tenant = issue.tenantId().value();
            List<InvoiceLine> lines = new ArrayList<>(p.lines().size());
            for (int l = 0; l < p.lines().size(); l++) {
                InvoiceLine line = p.lines().get(l);
                lineRows.add(new Object[] { tenant, issue.id(), l + 1, line.description(), line.quantity(),
                        line.unitPrice().amount(), line.amount().amount(), line.amount().currencyCode(),
                        line.periodFrom() == null ? null : Date.valueOf(line.periodFrom()),
                        line.periodTo() == null ? null : Date.valueOf(line.periodTo()) });
                // As reading it again would give it: quantities without trailing zeros.
                lines.add(new InvoiceLine(line.description(), line.quantity().stripTrailingZeros(),
                        line.unitPrice(), line.amount(), line.periodFrom(), line.periodTo()));
            }
            List<TaxLine> taxes = new ArrayList<>(p.taxes().size());
            for (int t = 0; t < p.taxes().size(); t++) {
                TaxLine tax = p.taxes().get(t);
                taxRows.add(new Object[] { tenant, issue.id(), t + 1, tax.code(), tax.name(), tax.rate(),
                        tax.inclusive(), tax.base().amount(), tax.amount().amount(), tax.amount().currencyCode() });
                taxes.add(new TaxLine(tax.code(), tax.name(), tax.rate().stripTrailingZeros(), tax.inclusive(),
                        tax.base(), tax.amount()));
            }
            buyers.add(parties.computeIfAbsent(issue.buyer(), json::writeValueAsString));
            sellers.add(parties.computeIfAbsent(issue.seller(), json::writeValueAsString));
            Money zero = Money.zero(p.total().currency());
            Invoice open = new Invoice(issue.id(), issue.tenantId(), number, issue.type(), InvoiceStatus.ISSUED,
                    p.total().currencyCode(), List.copyOf(lines), List.copyOf(taxes), p.subtotal(), p.taxTotal(),
                    p.total(), zero, zero, issue.taxable(), issue.zone().getId(), issue.issueDate(),
                    issue.dueDate(), now, null, null, null, issue.refersTo(), issue.key(), issue.buyer(),
                    issue.seller(), List.of(), now, now);
            issued.add(open);
            Settlement settlement = settlements.get(i);
            if (settlement == null) {
                result.add(open);
                continue;
            }
            InvoicePayment payment = new InvoicePayment(Ids.newId(clock), settlement.method(), p.total(),
                    settlement.reference(), issue.issueDate(), settlement.note(), settlement.walletTransactionId(),
                    createdBy, now);
            paymentRows.add(new Object[] { tenant, payment.id(), issue.id(), payment.method(),
                    payment.amount().amount(), payment.amount().currencyCode(), payment.reference(),
                    Date.valueOf(payment.paidOn()), payment.note(), payment.walletTransactionId() });
            result.add(new Invoice(issue.id(), issue.tenantId(), number, issue.type(), InvoiceStatus.PAID,
                    open.currency(), open.lines(), open.taxLines(), p.subtotal(), p.taxTotal(), p.total(), p.total(),
                    zero, issue.taxable(), open.timezone(), issue.issueDate(), issue.dueDate(), now, now, null, null,
                    issue.refersTo(), issue.key(), issue.buyer(), issue.seller(), List.of(payment), now, now));
        }
        Timestamp at = Timestamp.from(now);
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
                """).param("now", at).param("createdBy", createdBy)
                .param("tenants", SqlArray.of("uuid", result, r -> r.tenantId().value()))
                .param("ids", SqlArray.of("uuid", result, Invoice::id))
                .param("numbers", SqlArray.of("text", result, Invoice::number))
                .param("types", SqlArray.of("text", result, r -> r.type().code()))
                .param("statuses", SqlArray.of("text", result, r -> r.status().code()))
                .param("currencies", SqlArray.of("text", result, Invoice::currency))
                .param("subtotals", SqlArray.of("numeric", result, r -> r.subtotal().amount()))
                .param("taxTotals", SqlArray.of("numeric", result, r -> r.taxTotal().amount()))
                .param("totals", SqlArray.of("numeric", result, r -> r.total().amount()))
                .param("amountsPaid", SqlArray.of("numeric", result, r -> r.amountPaid().amount()))
                .param("taxable", SqlArray.of("bool", result, Invoice::taxable))
                .param("timezones", SqlArray.of("text", result, Invoice::timezone))
                .param("issueDates", SqlArray.of("date", result, r -> Date.valueOf(r.issueDate())))
                .param("dueDates", SqlArray.of("date", result, r -> Date.valueOf(r.dueDate())))
                .param("refersTo", SqlArray.of("text", result, Invoice::refersTo))
                .param("keys", SqlArray.of("text", result, Invoice::idempotencyKey))
                .param("hashes", SqlArray.of("text", issues, Issue::fingerprint))
                .param("buyers", SqlArray.of("text", buyers)).param("sellers", SqlArray.of("text", sellers))
                .param("lineTenants", column("uuid", lineRows, 0)).param("lineInvoices", column("uuid", lineRows, 1))
                .param("linePositions", column("int4", lineRows, 2))
                .param("lineDescriptions", column("text", lineRows, 3))
                .param("lineQuantities", column("numeric", lineRows, 4))
                .param("lineUnitPrices", column("numeric", lineRows, 5))
                .param("lineAmounts", column("numeric", lineRows, 6))
                .param("lineCurrencies", column("text", lineRows, 7)).param("lineFrom", column("date", lineRows, 8))
                .param("lineTo", column("date", lineRows, 9))
                .param("taxTenants", column("uuid", taxRows, 0)).param("taxInvoices", column("uuid", taxRows, 1))
                .param("taxPositions", column("int4", taxRows, 2)).param("taxCodes", column("text", taxRows, 3))
                .param("taxNames", column("text", taxRows, 4)).param("taxRates", column("numeric", taxRows, 5))
                .param("taxInclusive", column("bool", taxRows, 6)).param("taxBases", column("numeric", taxRows, 7))
                .param("taxAmounts", column("numeric", taxRows, 8))
                .param("taxCurrencies", column("text", taxRows, 9))
                .param("payTenants", column("uuid", paymentRows, 0)).param("payIds", column("uuid", paymentRows, 1))
                .param("payInvoices", column("uuid", paymentRows, 2))
                .param("payMethods", column("text", paymentRows, 3))
                .param("payAmounts", column("numeric", paymentRows, 4))
                .param("payCurrencies", column("text", paymentRows, 5))
                .param("payReferences", column("text", paymentRows, 6))
                .param("payDates", column("date", paymentRows, 7)).param("payNotes", column("text", paymentRows, 8))
                .param("payWalletTx", column("uuid", paymentRows, 9))
                .query(Integer.class).single();
        if (written != issues.size()) {
            throw new IllegalStateException("Wrote " + written + " of " + issues.size() + " invoices");
        }
        for (int i = 0; i < issues.size(); i++) {
            Invoice open = issued.get(i);
            audit.record(AuditEntry.of("saas.invoice.issued", open.tenantId(), open.number(), null, open));
            events.publishEvent(new InvoiceIssued(open.tenantId(), open.number(), open.id(), open.type(),
                    open.total(), open.dueDate()));
            Invoice paid = result.get(i);
            if (paid.status() == InvoiceStatus.PAID) {
                audit.record(AuditEntry.of(paidAuditType, paid.tenantId(), paid.number(), open, paid));
                events.publishEvent(new InvoicePaid(paid.tenantId(), paid.number(), paid.id(), paid.total(),
                        paid.payments().get(0).method()));
            }
        }
        return result;
    }

    private static SqlArray column(String type, List<Object[]> rows, int index) {
        return SqlArray.of(type, rows, row -> row[index]);
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
            return NOTHING_TO_PAY;
        }
        return paidBy(wallets.debit(tenant, walletPayment(amount, reference, invoiceId, description)));
    }

    /** The wallet movement that pays an invoice: a subscription payment under the invoice's key. */
    private static LedgerRequest walletPayment(Money amount, String reference, UUID invoiceId, String description) {
        return new LedgerRequest(LedgerType.SUBSCRIPTION_PAYMENT, amount.amount(), amount.currencyCode(), reference,
                description, null, Map.of("invoiceId", invoiceId.toString()));
    }

    /** The settlement of an invoice by the wallet movement just recorded for it. */
    private static Settlement paidBy(LedgerResult payment) {
        String reference = payment.transaction().reference();
        requireNewMovement(payment, reference);
        return new Settlement("wallet", reference, null, payment.transaction().id());
    }

    /** Tenant and idempotency key, as one map key. */
    private static String keyOf(TenantId tenant, String key) {
        return tenant.value() + "|" + key;
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
                issueDate, issueDate, number, key, fingerprint, buyer(tenant), seller(s), s.invoicePrefix(), false);
        Invoice creditNote = writeAll(List.of(issue),
                List.of(new Settlement("wallet", key, null, credited.transaction().id())), "saas.invoice.paid")
                .get(0);

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
