package org.atrium.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

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
}
