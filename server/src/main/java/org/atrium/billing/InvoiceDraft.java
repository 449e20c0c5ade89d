package org.atrium.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * What to invoice. Amounts are given as decimals in {@code currency} and checked against it when issued.
 *
 * @param currency       ISO 4217 code
 * @param dueDate        null for the issue date plus the settings' {@code invoiceDueDays}
 * @param taxable        whether the settings' taxes for the buyer's country apply
 * @param idempotencyKey unique per tenant: issuing again with the same key returns the invoice issued the first time
 *                       (so a billing run that crashed and runs again issues nothing twice); the same key with
 *                       different lines is a 409
 * @param refersTo       number of a related invoice of the same tenant, if any
 * @param paidFromWallet pay it from the tenant's wallet in the same transaction ({@code subscription_payment} with
 *                       the idempotency key as reference), or issue nothing if the wallet cannot cover it
 */
public record InvoiceDraft(TenantId tenantId, InvoiceType type, String currency, List<Line> lines,
        @Nullable LocalDate dueDate, boolean taxable, String idempotencyKey, @Nullable String refersTo,
        boolean paidFromWallet) {

    /**
     * An invoice line.
     *
     * @param quantity  greater than zero, at most 4 decimals
     * @param unitPrice in the invoice's currency, at most its minor digits; negative only on adjustments
     */
    public record Line(String description, BigDecimal quantity, BigDecimal unitPrice, @Nullable LocalDate periodFrom,
            @Nullable LocalDate periodTo) {

        public static Line of(String description, String unitPrice) {
            return new Line(description, BigDecimal.ONE, new BigDecimal(unitPrice), null, null);
        }

        public Line times(String quantity) {
            return new Line(description, new BigDecimal(quantity), unitPrice, periodFrom, periodTo);
        }

        public Line forPeriod(LocalDate from, LocalDate to) {
            return new Line(description, quantity, unitPrice, from, to);
        }
    }

    /** A draft due after the default term; subscription invoices are taxable, other types are not. */
    public static InvoiceDraft of(TenantId tenantId, InvoiceType type, String currency, String idempotencyKey,
            List<Line> lines) {
        return new InvoiceDraft(tenantId, type, currency, lines, null, type == InvoiceType.SUBSCRIPTION,
                idempotencyKey, null, false);
    }

    public InvoiceDraft dueOn(LocalDate date) {
        return new InvoiceDraft(tenantId, type, currency, lines, date, taxable, idempotencyKey, refersTo,
                paidFromWallet);
    }

    public InvoiceDraft taxable(boolean applies) {
        return new InvoiceDraft(tenantId, type, currency, lines, dueDate, applies, idempotencyKey, refersTo,
                paidFromWallet);
    }

    public InvoiceDraft referringTo(String number) {
        return new InvoiceDraft(tenantId, type, currency, lines, dueDate, taxable, idempotencyKey, number,
                paidFromWallet);
    }

    public InvoiceDraft payingFromWallet() {
        return new InvoiceDraft(tenantId, type, currency, lines, dueDate, taxable, idempotencyKey, refersTo, true);
    }
}
