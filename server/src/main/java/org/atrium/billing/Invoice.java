package org.atrium.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.atrium.platform.Money;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * An invoice (or, for type {@code refund}, a credit note). Amounts always satisfy
 * {@code subtotal + taxTotal = total}: the subtotal is net of every tax, whether the taxes were added to the lines
 * (exclusive) or contained in them (inclusive). A credit note's amounts are negative.
 *
 * @param number         {@code INV-2026-00042}; null only for a draft
 * @param timezone       the zone the issue and due dates are in
 * @param amountPaid     how much settled it (equal to the total once paid; negative for a settled credit note)
 * @param amountRefunded how much of it was given back by credit notes
 * @param refersTo       for a credit note, the number of the invoice it refunds
 * @param idempotencyKey unique per tenant; for invoices of wallet movements, the movement's reference
 * @param buyer          the tenant as it was when the invoice was issued
 * @param seller         the platform owner as it was when the invoice was issued
 */
public record Invoice(UUID id, TenantId tenantId, @Nullable String number, InvoiceType type, InvoiceStatus status,
        String currency, List<InvoiceLine> lines, List<TaxLine> taxLines, Money subtotal, Money taxTotal,
        Money total, Money amountPaid, Money amountRefunded, boolean taxable, String timezone,
        @Nullable LocalDate issueDate, @Nullable LocalDate dueDate, @Nullable Instant issuedAt,
        @Nullable Instant paidAt, @Nullable Instant cancelledAt, @Nullable String cancellationReason,
        @Nullable String refersTo, String idempotencyKey, @Nullable InvoiceParty buyer,
        @Nullable InvoiceParty seller, List<InvoicePayment> payments, Instant createdAt, Instant updatedAt) {

    /** What is still owed: the unpaid part of an open invoice, zero otherwise. */
    public Money amountDue() {
        return status.isOpen() ? total.minus(amountPaid) : Money.zero(total.currency());
    }

    /** What a refund may still give back: paid minus already refunded, never below zero. */
    public Money refundable() {
        Money left = amountPaid.minus(amountRefunded);
        return left.isPositive() ? left : Money.zero(total.currency());
    }

    public boolean isCreditNote() {
        return type == InvoiceType.REFUND;
    }

    /** The invoice after a change, and the event that announces it. */
    public record Changed<E>(Invoice invoice, E event) {
    }

    /**
     * Numbers a draft: it becomes {@code issued} at {@code now}.
     *
     * @param tenantSlug the tenant's slug, for the event
     */
    public Changed<InvoiceIssued> issue(String issuedNumber, String tenantSlug, Instant now) {
        requireTransition(InvoiceStatus.ISSUED);
        Objects.requireNonNull(issueDate, "an invoice is issued with its issue date");
        Objects.requireNonNull(dueDate, "an invoice is issued with its due date");
        Invoice issued = new Invoice(id, tenantId, issuedNumber, type, InvoiceStatus.ISSUED, currency, lines,
                taxLines, subtotal, taxTotal, total, amountPaid, amountRefunded, taxable, timezone, issueDate, dueDate,
                now, paidAt, cancelledAt, cancellationReason, refersTo, idempotencyKey, buyer, seller, payments,
                createdAt, now);
        return new Changed<>(issued, new InvoiceIssued(tenantId, issuedNumber, id, type, total, dueDate, tenantSlug,
                status, InvoiceStatus.ISSUED, now));
    }

    /**
     * Settles an open invoice with a payment of exactly what is due; it becomes {@code paid} when the payment was
     * recorded.
     */
    public Changed<InvoicePaid> settle(InvoicePayment payment, String tenantSlug) {
        requireTransition(InvoiceStatus.PAID);
        if (payment.amount().compareTo(amountDue()) != 0) {
            throw new IllegalArgumentException("Invoice %s is settled by %s due, not by %s"
                    .formatted(number, amountDue(), payment.amount()));
        }
        List<InvoicePayment> all = new ArrayList<>(payments);
        all.add(payment);
        Instant at = payment.recordedAt();
        Invoice paid = new Invoice(id, tenantId, number, type, InvoiceStatus.PAID, currency, lines, taxLines,
                subtotal, taxTotal, total, total, amountRefunded, taxable, timezone, issueDate, dueDate, issuedAt, at,
                cancelledAt, cancellationReason, refersTo, idempotencyKey, buyer, seller, List.copyOf(all), createdAt,
                at);
        return new Changed<>(paid, new InvoicePaid(tenantId, requireNumber(), id, payment.amount(), payment.method(),
                tenantSlug, status, InvoiceStatus.PAID, at));
    }

    /** An issued invoice due before {@code today} (in its own zone) becomes {@code overdue}. */
    public Changed<InvoiceOverdue> markOverdue(LocalDate today, String tenantSlug, Instant now) {
        requireTransition(InvoiceStatus.OVERDUE);
        if (dueDate == null || !dueDate.isBefore(today)) {
            throw ProblemException.conflict("not-due",
                    "Invoice %s is due on %s; on %s it is not overdue".formatted(number, dueDate, today));
        }
        Invoice overdue = new Invoice(id, tenantId, number, type, InvoiceStatus.OVERDUE, currency, lines, taxLines,
                subtotal, taxTotal, total, amountPaid, amountRefunded, taxable, timezone, issueDate, dueDate, issuedAt,
                paidAt, cancelledAt, cancellationReason, refersTo, idempotencyKey, buyer, seller, payments, createdAt,
                now);
        return new Changed<>(overdue, new InvoiceOverdue(tenantId, requireNumber(), id, overdue.amountDue(), dueDate,
                tenantSlug, status, InvoiceStatus.OVERDUE, now));
    }

    /** Voids an invoice that is not paid; {@code reason} is already checked. */
    public Changed<InvoiceCancelled> cancel(String reason, String tenantSlug, Instant now) {
        requireTransition(InvoiceStatus.CANCELLED);
        Invoice cancelled = new Invoice(id, tenantId, number, type, InvoiceStatus.CANCELLED, currency, lines,
                taxLines, subtotal, taxTotal, total, amountPaid, amountRefunded, taxable, timezone, issueDate, dueDate,
                issuedAt, paidAt, now, reason, refersTo, idempotencyKey, buyer, seller, payments, createdAt, now);
        return new Changed<>(cancelled, new InvoiceCancelled(tenantId, requireNumber(), id, reason, tenantSlug, total,
                status, InvoiceStatus.CANCELLED, now));
    }

    /**
     * Refuses a refund of {@code amount} unless this is a paid subscription or adjustment invoice with at least that
     * much left to refund: 409 {@code not-refundable} or {@code refund-exceeds-paid}.
     */
    public void requireRefundable(Money amount) {
        if (type == InvoiceType.REFUND || type == InvoiceType.RECHARGE) {
            throw ProblemException.conflict("not-refundable", type == InvoiceType.REFUND
                    ? "%s is a credit note; it cannot be refunded".formatted(number)
                    : "%s is a wallet recharge: its money is in the wallet; take it out with a debit".formatted(number));
        }
        requirePaidWithRefundableLeft(amount);
    }

    private void requirePaidWithRefundableLeft(Money amount) {
        if (status != InvoiceStatus.PAID) {
            throw new ProblemException(HttpStatus.CONFLICT, "not-refundable",
                    "Only a paid invoice can be refunded; %s is %s".formatted(number, status.code()),
                    Map.of("currentState", status.code()));
        }
        Money left = refundable();
        if (amount.compareTo(left) > 0) {
            Map<String, Object> members = new LinkedHashMap<>();
            members.put("refundable", left.toPlainString());
            members.put("requested", amount.toPlainString());
            members.put("currency", amount.currencyCode());
            members.put("errors", Map.of("amount", "at most " + left.toPlainString()));
            throw new ProblemException(HttpStatus.CONFLICT, "refund-exceeds-paid",
                    "%s can be refunded at most %s (paid %s, refunded %s)".formatted(number, left, amountPaid,
                            amountRefunded),
                    members);
        }
    }

    /**
     * Refuses the refund of {@code amount} of this recharge through its gateway unless this is a paid recharge
     * invoice with at least that much left to refund (409 {@code not-refundable} or {@code refund-exceeds-paid}).
     */
    public void requireRechargeRefundable(Money amount) {
        if (type != InvoiceType.RECHARGE) {
            throw ProblemException.conflict("not-refundable",
                    "%s is not a wallet recharge; refund it as an invoice".formatted(number));
        }
        requirePaidWithRefundableLeft(amount);
    }

    /**
     * Gives {@code amount} of a paid invoice back, recorded by the credit note {@code creditNoteNumber}; the invoice
     * stays paid, with more refunded.
     */
    public Changed<InvoiceRefunded> refund(Money amount, String creditNoteNumber, String tenantSlug, Instant now) {
        if (type == InvoiceType.RECHARGE) {
            requireRechargeRefundable(amount);
        } else {
            requireRefundable(amount);
        }
        Money refunded = amountRefunded.plus(amount);
        Invoice after = new Invoice(id, tenantId, number, type, status, currency, lines, taxLines, subtotal, taxTotal,
                total, amountPaid, refunded, taxable, timezone, issueDate, dueDate, issuedAt, paidAt, cancelledAt,
                cancellationReason, refersTo, idempotencyKey, buyer, seller, payments, createdAt, now);
        return new Changed<>(after, new InvoiceRefunded(tenantId, requireNumber(), creditNoteNumber, amount, id,
                tenantSlug, refunded, now));
    }

    /** Refuses, with a 409 naming both states, a move the transition table does not allow. */
    public void requireTransition(InvoiceStatus target) {
        if (!status.canBecome(target)) {
            throw ProblemException.illegalTransition("Invoice " + number, status.code(), target.code());
        }
    }

    private String requireNumber() {
        return Objects.requireNonNull(number, "an issued invoice has a number");
    }
}
