package org.atrium.billing.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.atrium.billing.Invoice;
import org.atrium.billing.InvoiceDraft;
import org.atrium.billing.InvoiceLine;
import org.atrium.billing.InvoiceParty;
import org.atrium.billing.InvoiceStatus;
import org.atrium.billing.InvoiceType;
import org.atrium.billing.ManualPayment;
import org.atrium.billing.TaxLine;
import org.atrium.billing.internal.TaxCalculation.Priced;
import org.atrium.operations.PlatformSettings;
import org.atrium.platform.TextLimits;
import org.atrium.platform.Hashes;
import org.atrium.platform.Money;
import org.atrium.platform.ProblemException;
import org.atrium.platform.Reasons;
import org.atrium.tenancy.Tenant;
import org.jspecify.annotations.Nullable;

/**
 * From a draft to an invoice ready to be numbered: the draft checked field by field (every problem named at once),
 * its lines rounded, its taxes computed by {@link TaxCalculation}, its dates and the buyer and seller snapshots.
 * Pure: everything it needs (the tenant, the settings, the time) is passed in.
 */
final class InvoicePricing {

    private static final BigDecimal MAX_AMOUNT = Money.MAX_AMOUNT;
    private static final int MAX_LINES = 500;

    private InvoicePricing() {
    }

    /** A draft checked field by field, with its lines priced. */
    record Checked(Currency currency, List<InvoiceLine> lines, String key, String fingerprint) {
    }

    /**
     * A priced draft: the invoice to number (status {@code draft}), the fingerprint of what was asked and the series
     * it is numbered in.
     */
    record Prepared(Invoice draft, String fingerprint, String prefix, boolean paidFromWallet) {

        Money total() {
            return draft.total();
        }
    }

    static Checked check(InvoiceDraft draft) {
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
                || l.description().length() > TextLimits.LINE_DESCRIPTION) {
            errors.put(at + ".description",
                    "is required, at most %d characters".formatted(TextLimits.LINE_DESCRIPTION));
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
     * Prices a checked draft for {@code buyer}: taxes when the draft is taxable, the total checked against the
     * type and the related invoice ({@code isInvoiceOfBuyer}), the issue date today in the platform's zone, the due
     * date after the settings' term.
     */
    static Prepared price(InvoiceDraft draft, Checked checked, UUID id, Tenant buyer, PlatformSettings s,
            Instant now, Predicate<String> isInvoiceOfBuyer) {
        Priced priced = TaxCalculation.price(checked.lines(), checked.currency(),
                draft.taxable() ? s.taxRatesFor(buyer.contact().country()) : List.of());
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
        if (draft.refersTo() != null && !isInvoiceOfBuyer.test(draft.refersTo())) {
            throw ProblemException.invalidField("refersTo", "no invoice %s of this tenant".formatted(draft.refersTo()));
        }
        ZoneId zone = ZoneId.of(s.defaultTimezone());
        LocalDate issueDate = LocalDate.ofInstant(now, zone);
        LocalDate dueDate = draft.dueDate() != null ? draft.dueDate() : issueDate.plusDays(s.invoiceDueDays());
        if (dueDate.isBefore(issueDate)) {
            throw ProblemException.invalidField("dueDate",
                    "must not be before the issue date %s (%s)".formatted(issueDate, zone));
        }
        return new Prepared(draft(id, draft.type(), priced, draft.taxable(), zone, issueDate, dueDate,
                draft.refersTo(), checked.key(), buyer, s, now), checked.fingerprint(), s.invoicePrefix(),
                draft.paidFromWallet());
    }

    /** The credit note of a refund, dated today, referring to the refunded invoice. */
    static Prepared creditNote(UUID id, Priced priced, String refunded, String key, String fingerprint, Tenant buyer,
            PlatformSettings s, Instant now) {
        ZoneId zone = ZoneId.of(s.defaultTimezone());
        LocalDate issueDate = LocalDate.ofInstant(now, zone);
        return new Prepared(draft(id, InvoiceType.REFUND, priced, false, zone, issueDate, issueDate, refunded, key,
                buyer, s, now), fingerprint, s.invoicePrefix(), false);
    }

    private static Invoice draft(UUID id, InvoiceType type, Priced p, boolean taxable, ZoneId zone,
            LocalDate issueDate, LocalDate dueDate, @Nullable String refersTo, String key, Tenant buyer,
            PlatformSettings s, Instant now) {
        // As reading it again would give it: quantities and rates without trailing zeros.
        List<InvoiceLine> lines = p.lines().stream().map(l -> new InvoiceLine(l.description(),
                l.quantity().stripTrailingZeros(), l.unitPrice(), l.amount(), l.periodFrom(), l.periodTo())).toList();
        List<TaxLine> taxes = p.taxes().stream().map(t -> new TaxLine(t.code(), t.name(),
                t.rate().stripTrailingZeros(), t.inclusive(), t.base(), t.amount())).toList();
        Money zero = Money.zero(p.total().currency());
        return new Invoice(id, buyer.id(), null, type, InvoiceStatus.DRAFT, p.total().currencyCode(), lines, taxes,
                p.subtotal(), p.taxTotal(), p.total(), zero, zero, taxable, zone.getId(), issueDate, dueDate, null,
                null, null, null, refersTo, key, buyer(buyer), seller(s), List.of(), now, now);
    }

    /** The fingerprint of a refund of {@code amount} of invoice {@code number}. */
    static String refundFingerprint(String number, Money amount) {
        return Hashes.sha256("refund|" + number + "|" + amount.toPlainString());
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
        return Hashes.sha256(canonical.toString());
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

    /** What a refund asks for, checked: the reason and the reference without surrounding whitespace. */
    record RefundRequest(String reason, String reference) {
    }

    static RefundRequest checkRefund(@Nullable BigDecimal amount, @Nullable String reason,
            @Nullable String reference) {
        Map<String, String> errors = new LinkedHashMap<>();
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > Reasons.MAX_LENGTH) {
            errors.put("reason", Reasons.REQUIRED);
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
        return new RefundRequest(why, key);
    }

    /** A manual payment checked field by field, its reference and note blank-stripped (null when blank). */
    static ManualPayment checkManualPayment(@Nullable ManualPayment payment) {
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
        return new ManualPayment(payment.method(), reference, payment.paidOn(), note);
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static void reject(Map<String, String> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("validation", "The request is not valid: " + errors, errors);
        }
    }
}
