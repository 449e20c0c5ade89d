package org.atrium.billing.internal;

import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.atrium.billing.Invoice;
import org.atrium.billing.InvoiceLine;
import org.atrium.billing.InvoiceParty;
import org.atrium.billing.TaxLine;
import org.atrium.platform.Money;
import org.jspecify.annotations.Nullable;

/**
 * What the invoice template prints, already formatted: the template only places text. Public because the template
 * engine reads it reflectively; nothing outside billing uses it.
 */
record InvoiceDocument(String heading, boolean creditNote, String number, String status, String issueDate, String dueDate,
        String timezone, String currency, Party seller, Party buyer, List<Line> lines, List<Tax> taxes,
        boolean pricesIncludeTax, String subtotal, String taxTotal, String total, String amountPaid,
        String amountDue, @Nullable String amountRefunded, @Nullable String refersTo, @Nullable String paidAt) {

    public record Party(String name, List<String> addressLines, @Nullable String country, @Nullable String taxId,
            @Nullable String email) {
    }

    public record Line(String description, String quantity, String unitPrice, String amount,
            @Nullable String period) {
    }

    public record Tax(String label, String base, String amount) {
    }

    static InvoiceDocument of(Invoice invoice) {
        List<Line> lines = invoice.lines().stream().map(InvoiceDocument::line).toList();
        List<Tax> taxes = invoice.taxLines().stream().map(InvoiceDocument::tax).toList();
        return new InvoiceDocument(invoice.isCreditNote() ? "Credit note" : "Invoice", invoice.isCreditNote(),
                text(invoice.number()),
                invoice.status().code(), text(invoice.issueDate()), text(invoice.dueDate()), invoice.timezone(),
                invoice.currency(), party(invoice.seller()), party(invoice.buyer()), lines, taxes,
                invoice.taxLines().stream().anyMatch(TaxLine::inclusive), money(invoice.subtotal()),
                money(invoice.taxTotal()), money(invoice.total()), money(invoice.amountPaid()),
                money(invoice.amountDue()),
                invoice.amountRefunded().isZero() ? null : money(invoice.amountRefunded()), invoice.refersTo(),
                invoice.paidAt() == null ? null : invoice.paidAt().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    private static Line line(InvoiceLine l) {
        String period = l.periodFrom() == null && l.periodTo() == null ? null
                : text(l.periodFrom()) + " – " + text(l.periodTo());
        return new Line(l.description(), quantity(l.quantity()), money(l.unitPrice()), money(l.amount()), period);
    }

    private static Tax tax(TaxLine t) {
        // The rate's name is what the settings print on invoices ("VAT 19%").
        return new Tax(t.inclusive() ? t.name() + ", included" : t.name(), money(t.base()), money(t.amount()));
    }

    private static Party party(@Nullable InvoiceParty p) {
        if (p == null) {
            return new Party("", List.of(), null, null, null);
        }
        return new Party(p.name(), p.addressLines(), p.country(), p.taxId(), p.email());
    }

    private static String money(Money m) {
        return m.toPlainString() + " " + m.currencyCode();
    }

    private static String quantity(BigDecimal q) {
        return q.stripTrailingZeros().toPlainString();
    }

    private static String text(@Nullable Object value) {
        return value == null ? "" : value.toString();
    }
}
