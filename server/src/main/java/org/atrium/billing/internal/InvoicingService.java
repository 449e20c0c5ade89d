package org.atrium.billing.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.billing.Invoice;
import org.atrium.billing.InvoiceDraft;
import org.atrium.billing.InvoiceOverdue;
import org.atrium.billing.InvoicePayment;
import org.atrium.billing.InvoiceQuery;
import org.atrium.billing.InvoiceRefunded;
import org.atrium.billing.InvoiceStatus;
import org.atrium.billing.InvoiceType;
import org.atrium.billing.Invoicing;
import org.atrium.billing.ManualPayment;
import org.atrium.billing.internal.InvoicePricing.Checked;
import org.atrium.billing.internal.InvoicePricing.Prepared;
import org.atrium.billing.internal.TaxCalculation.Priced;
import org.atrium.operations.Settings;
import org.atrium.platform.Actor;
import org.atrium.platform.Ids;
import org.atrium.platform.Money;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.Reasons;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Invoicing as one transaction per call: it reads the invoice (locked when it changes), asks the {@link Invoice}
 * for the change, stores it through {@link Invoices}, audits it and publishes the change's event. Locks are always
 * taken in one order, so that issuing, paying and refunding cannot deadlock one another: the invoice row (when an
 * existing invoice changes), then the wallet row (when money moves), then the number counter (when an invoice is
 * issued). A recharge holds its wallet before its listener numbers the invoice, so the wallet must come before the
 * counter everywhere.
 */
@Service
class InvoicingService implements Invoicing {

    private final Invoices invoices;
    private final InvoiceIssuing issuing;
    private final WalletPayments walletPayments;
    private final Clock clock;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Tenants tenants;
    private final Settings settings;
    private final InvoicePdf pdf;

    InvoicingService(Invoices invoices, InvoiceIssuing issuing, WalletPayments walletPayments, Clock clock,
            AuditLog audit, ApplicationEventPublisher events, Tenants tenants, Settings settings, InvoicePdf pdf) {
        this.invoices = invoices;
        this.issuing = issuing;
        this.walletPayments = walletPayments;
        this.clock = clock;
        this.audit = audit;
        this.events = events;
        this.tenants = tenants;
        this.settings = settings;
        this.pdf = pdf;
    }

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
            Checked c = InvoicePricing.check(draft);
            if (draft.type() == InvoiceType.REFUND) {
                throw ProblemException.invalidField("type",
                        "a credit note is issued by refunding the invoice it refunds");
            }
            checked.add(c);
        }
        Instant now = now();
        Map<String, Invoice> earlier = issuing.earlier(drafts, checked);
        List<Prepared> prepared = new ArrayList<>();
        List<InvoiceDraft> fresh = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<TenantId, org.atrium.tenancy.Tenant> buyers = issuing.buyers(drafts);
        for (int i = 0; i < drafts.size(); i++) {
            InvoiceDraft draft = drafts.get(i);
            String key = InvoiceKeys.keyOf(draft.tenantId(), checked.get(i).key());
            if (!seen.add(key)) {
                throw ProblemException.conflict("idempotency-conflict",
                        "Idempotency key '%s' names two invoices of one batch".formatted(checked.get(i).key()));
            }
            if (!earlier.containsKey(key)) {
                prepared.add(issuing.prepare(draft, checked.get(i), buyers.get(draft.tenantId()), now));
                fresh.add(draft);
            }
        }
        // Every wallet first (locked together, in tenant order), then the numbers: the order of locks everywhere.
        List<WalletPayments.@Nullable Settlement> settlements = walletPayments.payAll(prepared);
        List<Invoice> written = issuing.write(prepared, settlements, buyers, now);
        List<Invoice> results = new ArrayList<>(drafts.size());
        int next = 0;
        for (int i = 0; i < drafts.size(); i++) {
            Invoice found = earlier.get(InvoiceKeys.keyOf(drafts.get(i).tenantId(), checked.get(i).key()));
            results.add(found != null ? found : written.get(next++));
        }
        return results;
    }

    @Override
    public Money totalOf(InvoiceDraft draft) {
        return totalOf(draft, tenants.require(draft.tenantId()));
    }

    @Override
    public Money totalOf(InvoiceDraft draft, org.atrium.tenancy.Tenant buyer) {
        if (!buyer.id().equals(draft.tenantId())) {
            throw new IllegalArgumentException("Tenant " + buyer.id() + " is not the buyer of the draft");
        }
        Checked checked = InvoicePricing.check(draft);
        return issuing.prepare(draft, checked, buyer, now()).total();
    }

    /**
     * Issues the invoice of a wallet movement that has already happened (a recharge, a manual credit or debit), paid
     * by that movement. Joins the transaction that moved the money.
     */
    @Transactional
    Invoice issueRecorded(InvoiceDraft draft, WalletPayments.Settlement settlement) {
        Checked checked = InvoicePricing.check(draft);
        Invoice earlier = issuing.earlier(List.of(draft), List.of(checked))
                .get(InvoiceKeys.keyOf(draft.tenantId(), checked.key()));
        if (earlier != null) {
            return earlier;
        }
        Map<TenantId, org.atrium.tenancy.Tenant> buyers = issuing.buyers(List.of(draft));
        Instant now = now();
        return issuing.write(List.of(issuing.prepare(draft, checked, buyers.get(draft.tenantId()), now)),
                List.of(settlement), buyers, now).get(0);
    }

    /**
     * Settles an open invoice that bears a wallet movement's reference with that movement: an invoice issued before
     * the money came (a recharge checked out through a gateway) is paid by the recharge, not invoiced twice.
     * Refuses an invoice of another type or amount.
     */
    @Transactional
    Invoice settleRecorded(Invoice open, InvoiceType type, Money amount, WalletPayments.Settlement settlement) {
        Invoice invoice = invoices.lockByNumber(open.number());
        if (invoice.type() != type || invoice.amountDue().compareTo(amount) != 0) {
            throw ProblemException.conflict("reference-conflict",
                    "Reference '%s' is the key of invoice %s (%s, %s due), which this %s movement of %s does not pay"
                            .formatted(invoice.idempotencyKey(), invoice.number(), invoice.type().code(),
                                    invoice.amountDue(), type.code(), amount));
        }
        return settle(invoice, settlement, today(invoice), "saas.invoice.paid");
    }

    // ---------------------------------------------------------------------------------------------------- paying

    @Override
    @Transactional
    public Invoice settleFromWallet(String number) {
        Invoice invoice = invoices.lockByNumber(number);
        invoice.requireTransition(InvoiceStatus.PAID);
        WalletPayments.Settlement settlement = walletPayments.pay(invoice);
        return settle(invoice, settlement, today(invoice), "saas.invoice.paid");
    }

    @Override
    @Transactional
    public Invoice markPaid(String number, ManualPayment payment) {
        ManualPayment checked = InvoicePricing.checkManualPayment(payment);
        String reference = checked.reference();
        String note = checked.note();
        Invoice invoice = invoices.lockByNumber(number);
        LocalDate today = today(invoice);
        LocalDate paidOn = payment.paidOn() == null ? today : payment.paidOn();
        if (paidOn.isAfter(today)) {
            throw ProblemException.invalidField("paidOn",
                    "must not be in the future (today is %s in %s)".formatted(today, invoice.timezone()));
        }
        return settle(invoice, new WalletPayments.Settlement(payment.method().paymentMethod(), reference, note, null), paidOn,
                "saas.invoice.marked_paid");
    }

    private Invoice settle(Invoice invoice, WalletPayments.Settlement settlement, LocalDate paidOn,
            String auditType) {
        InvoicePayment payment = paymentOf(invoice, settlement, paidOn, now());
        Invoice.Changed<?> paid = invoice.settle(payment, slugOf(invoice.tenantId()));
        invoices.settled(paid.invoice(), payment);
        audit.record(AuditEntry.of(auditType, invoice.tenantId(), invoice.number(), invoice, paid.invoice()));
        events.publishEvent(paid.event());
        return paid.invoice();
    }

    private InvoicePayment paymentOf(Invoice invoice, WalletPayments.Settlement settlement, LocalDate paidOn,
            Instant at) {
        return new InvoicePayment(Ids.newId(clock), settlement.method().code(), invoice.amountDue(), settlement.reference(),
                paidOn, settlement.note(), settlement.walletTransactionId(), Actor.current().id(), at);
    }

    // ------------------------------------------------------------------------------------ cancelling, overdue

    @Override
    @Transactional
    public Invoice cancel(String number, String reason) {
        String why = Reasons.require(reason);
        Invoice invoice = invoices.lockByNumber(number);
        Invoice.Changed<?> cancelled = invoice.cancel(why, slugOf(invoice.tenantId()), now());
        invoices.cancelled(cancelled.invoice());
        audit.record(AuditEntry.of("saas.invoice.cancelled", invoice.tenantId(), number, invoice,
                cancelled.invoice()));
        events.publishEvent(cancelled.event());
        return cancelled.invoice();
    }

    @Override
    @Transactional
    public List<Invoice> markOverdue(LocalDate today) {
        return markOverdue(invoices.lockDueBefore(today), today);
    }

    @Override
    @Transactional
    public List<Invoice> markOverdue(TenantId tenant, LocalDate today) {
        return markOverdue(invoices.lockDueBefore(tenant, today), today);
    }

    private List<Invoice> markOverdue(List<Invoice> due, LocalDate today) {
        if (due.isEmpty()) {
            return List.of();
        }
        var slugs = tenants.findAll(due.stream().map(Invoice::tenantId).distinct().toList());
        Instant now = now();
        List<Invoice.Changed<InvoiceOverdue>> changes = due.stream()
                .map(i -> i.markOverdue(today, slugs.get(i.tenantId()).slug(), now)).toList();
        invoices.statusChanged(changes.stream().map(Invoice.Changed::invoice).toList());
        for (int i = 0; i < due.size(); i++) {
            Invoice overdue = changes.get(i).invoice();
            audit.record(AuditEntry.of("saas.invoice.overdue", overdue.tenantId(), overdue.number(), due.get(i),
                    overdue));
            events.publishEvent(changes.get(i).event());
        }
        return changes.stream().map(Invoice.Changed::invoice).toList();
    }

    // ------------------------------------------------------------------------------------------------ refunds

    @Override
    @Transactional
    public Invoice refund(String number, BigDecimal amount, String reason, String reference) {
        InvoicePricing.RefundRequest request = InvoicePricing.checkRefund(amount, reason, reference);
        String why = request.reason();
        String key = request.reference();
        Invoice original = invoices.lockByNumber(number);
        Money refund;
        try {
            refund = new Money(amount, Currency.getInstance(original.currency()));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("amount", e.getMessage());
        }
        String fingerprint = InvoicePricing.refundFingerprint(number, refund);
        Optional<Invoice> earlier = issuing.earlier(original.tenantId(), key, fingerprint);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        original.requireRefundable(refund);
        String description = "Refund of %s: %s".formatted(number, why);
        Priced priced = TaxCalculation.creditNote(description, refund, original.total(), original.taxLines());
        WalletPayments.Settlement credited = walletPayments.refund(original.tenantId(), refund, key, description,
                number);
        var buyer = tenants.require(original.tenantId());
        Instant now = now();
        Prepared note = InvoicePricing.creditNote(Ids.newId(clock), priced, number, key, fingerprint, buyer,
                settings.current(), now);
        Invoice creditNote = issuing.write(List.of(note), List.of(credited), Map.of(buyer.id(), buyer), now).get(0);

        Invoice.Changed<InvoiceRefunded> refunded = original.refund(refund, creditNote.number(), buyer.slug(), now);
        invoices.refunded(refunded.invoice());
        audit.record(AuditEntry.of("saas.invoice.refunded", original.tenantId(), number, original,
                Map.of("invoice", refunded.invoice(), "creditNote", creditNote.number(), "reason", why)));
        events.publishEvent(refunded.event());
        return creditNote;
    }

    /**
     * The credit note of a recharge refunded through its gateway, against the recharge's invoice (its idempotency key
     * is the recharge reference), for the wallet debit {@code settlement} just recorded under {@code refundReference}.
     * Runs inside the debit's transaction: the wallet is already locked here, then the recharge invoice, then the
     * number counter. No other path locks a recharge invoice and then the wallet (an invoice refund of a recharge
     * is refused before it moves money), so this order cannot deadlock.
     */
    void refundRecharge(TenantId tenant, String rechargeReference, Money refund, String refundReference,
            String description, WalletPayments.Settlement settlement) {
        Invoice found = invoices.findByKey(tenant, rechargeReference).orElseThrow(() -> new IllegalStateException(
                "no invoice of recharge " + rechargeReference));
        Invoice original = invoices.lockByNumber(found.number());
        String number = original.number();
        String fingerprint = InvoicePricing.refundFingerprint(number, refund);
        if (issuing.earlier(tenant, refundReference, fingerprint).isPresent()) {
            return;
        }
        original.requireRechargeRefundable(refund);
        String line = "Refund of %s: %s".formatted(number, description);
        Priced priced = TaxCalculation.creditNote(line, refund, original.total(), original.taxLines());
        var buyer = tenants.require(tenant);
        Instant now = now();
        Prepared note = InvoicePricing.creditNote(Ids.newId(clock), priced, number, refundReference, fingerprint,
                buyer, settings.current(), now);
        Invoice creditNote = issuing.write(List.of(note), List.of(settlement), Map.of(buyer.id(), buyer), now).get(0);
        Invoice.Changed<InvoiceRefunded> refunded = original.refund(refund, creditNote.number(), buyer.slug(), now);
        invoices.refunded(refunded.invoice());
        audit.record(AuditEntry.of("saas.invoice.refunded", tenant, number, original,
                Map.of("invoice", refunded.invoice(), "creditNote", creditNote.number(), "reason", description)));
        events.publishEvent(refunded.event());
    }

    // ------------------------------------------------------------------------------------------------- reading

    @Override
    public Optional<Invoice> find(String number) {
        return invoices.findByNumber(number);
    }

    @Override
    public Invoice require(String number) {
        return find(number).orElseThrow(() -> ProblemException.notFound("Invoice", number));
    }

    @Override
    public Optional<Invoice> find(TenantId tenant, String number) {
        return invoices.findByNumber(tenant, number);
    }

    @Override
    public Optional<Invoice> findByIdempotencyKey(TenantId tenant, String idempotencyKey) {
        return invoices.findByKey(tenant, idempotencyKey);
    }

    @Override
    public PageResponse<Invoice> list(InvoiceQuery query, PageRequest page) {
        return invoices.list(query, page);
    }

    @Override
    public List<Invoice> open(TenantId tenant) {
        return invoices.open(tenant);
    }

    @Override
    public byte[] pdf(String number) {
        return pdf.render(InvoiceDocument.of(require(number)));
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private String slugOf(TenantId tenant) {
        return tenants.require(tenant).slug();
    }

    private LocalDate today(Invoice invoice) {
        return LocalDate.ofInstant(clock.instant(), ZoneId.of(invoice.timezone()));
    }

    /** Now, as the database keeps it (microseconds), so that what is returned is what is read again. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

}
