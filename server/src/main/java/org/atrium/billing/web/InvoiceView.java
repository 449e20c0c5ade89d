package org.atrium.billing.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.atrium.billing.Invoice;
import org.atrium.billing.InvoiceParty;

/**
 * An invoice as the API shows it: amounts as decimal strings in {@code currency}, dates as ISO dates in
 * {@code timezone}. A credit note ({@code type: refund}) has negative amounts and names the invoice it refunds in
 * {@code refersTo}.
 */
record InvoiceView(String id, String tenantId, String number, String type, String status, String currency,
        String subtotal, String taxTotal, String total, String amountPaid, String amountRefunded, String amountDue,
        String refundable, boolean taxable, String timezone, LocalDate issueDate, LocalDate dueDate,
        Instant issuedAt, Instant paidAt, Instant cancelledAt, String cancellationReason, String refersTo,
        String idempotencyKey, List<LineView> lines, List<TaxView> taxLines, InvoiceParty buyer, InvoiceParty seller,
        List<PaymentView> payments, Instant createdAt, Instant updatedAt) {

    record LineView(String description, String quantity, String unitPrice, String amount, LocalDate periodFrom,
            LocalDate periodTo) {
    }

    record TaxView(String code, String name, String rate, boolean inclusive, String base, String amount) {
    }

    record PaymentView(String method, String amount, String reference, LocalDate paidOn, String note,
            String walletTransactionId, String recordedBy, Instant recordedAt) {
    }

    static InvoiceView of(Invoice i) {
        return new InvoiceView(i.id().toString(), i.tenantId().toString(), i.number(), i.type().code(),
                i.status().code(), i.currency(), i.subtotal().toPlainString(), i.taxTotal().toPlainString(),
                i.total().toPlainString(), i.amountPaid().toPlainString(), i.amountRefunded().toPlainString(),
                i.amountDue().toPlainString(), i.refundable().toPlainString(), i.taxable(), i.timezone(),
                i.issueDate(), i.dueDate(), i.issuedAt(), i.paidAt(), i.cancelledAt(), i.cancellationReason(),
                i.refersTo(), i.idempotencyKey(),
                i.lines().stream().map(l -> new LineView(l.description(), l.quantity().toPlainString(),
                        l.unitPrice().toPlainString(), l.amount().toPlainString(), l.periodFrom(), l.periodTo()))
                        .toList(),
                i.taxLines().stream().map(t -> new TaxView(t.code(), t.name(), t.rate().toPlainString(),
                        t.inclusive(), t.base().toPlainString(), t.amount().toPlainString())).toList(),
                i.buyer(), i.seller(),
                i.payments().stream().map(p -> new PaymentView(p.method(), p.amount().toPlainString(), p.reference(),
                        p.paidOn(), p.note(),
                        p.walletTransactionId() == null ? null : p.walletTransactionId().toString(), p.recordedBy(),
                        p.recordedAt())).toList(),
                i.createdAt(), i.updatedAt());
    }
}
