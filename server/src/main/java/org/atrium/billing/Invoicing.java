package org.atrium.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.atrium.platform.Money;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.TenantId;

/**
 * Issuing invoices and moving them through their life. Every method that changes something runs in one
 * transaction (joining the caller's), writes its audit entry and publishes its event there; a refusal changes
 * nothing.
 */
public interface Invoicing {

    /**
     * Numbers and issues an invoice, with a snapshot of buyer and seller and the taxes for the buyer's country. The
     * same idempotency key again returns the invoice issued the first time.
     *
     * @throws org.atrium.platform.ProblemException 400 naming the field for a bad draft; 402 from the wallet when
     *                                              a wallet-paid invoice is not covered (and then nothing is issued);
     *                                              409 when the key was used for a different invoice
     */
    Invoice issue(InvoiceDraft draft);

    /**
     * Issues several invoices at once, each exactly as {@link #issue} would, in the order given, written together
     * (a billing run issues a chunk of renewals this way). The results are in the same order. A refusal of any draft
     * refuses them all, and nothing is issued.
     */
    List<Invoice> issueAll(List<InvoiceDraft> drafts);

    /**
     * The total, tax included, that {@link #issue} would give this draft now; nothing is written. Lets a caller
     * check a wallet covers an invoice before issuing it.
     */
    Money totalOf(InvoiceDraft draft);

    /**
     * {@link #totalOf(InvoiceDraft)} for a buyer the caller has already read in its transaction (the tenant of the
     * draft), so that pricing a batch reads no tenant once per draft.
     */
    Money totalOf(InvoiceDraft draft, org.atrium.tenancy.Tenant buyer);

    /** Pays an open invoice from the tenant's wallet (402 when the wallet cannot cover it). */
    Invoice settleFromWallet(String number);

    /** Records a payment by hand for the amount due of an open invoice (409 for any other status). */
    Invoice markPaid(String number, ManualPayment payment);

    /** Voids an invoice that is not paid. */
    Invoice cancel(String number, String reason);

    /**
     * Gives part or all of a paid invoice back to the tenant's wallet: issues a credit note that refers to it and
     * credits the wallet ({@code refund}, with {@code reference}), in one transaction. Refusing more than was paid
     * minus what was already refunded (409 {@code refund-exceeds-paid}). The same reference again returns the
     * credit note issued the first time.
     *
     * @return the credit note
     */
    Invoice refund(String number, BigDecimal amount, String reason, String reference);

    /** Marks every issued invoice due before {@code today} overdue; returns those it changed (none on a rerun). */
    List<Invoice> markOverdue(LocalDate today);

    /** {@link #markOverdue(LocalDate)} for one tenant's invoices only (a sandbox tenant on a test clock of its own). */
    List<Invoice> markOverdue(TenantId tenant, LocalDate today);

    /** Platform-wide, for staff paths and the daily run: an invoice by number, whichever tenant it belongs to. */
    Optional<Invoice> find(String number);

    /** Platform-wide {@link #find(String)}, or a 404 problem. */
    Invoice require(String number);

    /** For tenant-facing paths: the tenant's invoice with that number, if it has one. */
    Optional<Invoice> find(TenantId tenant, String number);

    Optional<Invoice> findByIdempotencyKey(TenantId tenant, String idempotencyKey);

    PageResponse<Invoice> list(InvoiceQuery query, PageRequest page);

    /** The tenant's issued and overdue invoices, the oldest due first. */
    List<Invoice> open(TenantId tenant);

    /** The invoice as a PDF document. */
    byte[] pdf(String number);
}
