package org.atrium.subscriptions.internal;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.jspecify.annotations.Nullable;

/**
 * What the subscription lifecycle needs from billing and the wallet, in its own words. Every method joins the
 * caller's transaction; every charge carries an idempotency key so that a re-run charges nothing twice.
 */
interface Charging {

    record Line(String description, Money amount, @Nullable LocalDate from, @Nullable LocalDate to) {
    }

    record Charge(String idempotencyKey, List<Line> lines) {
    }

    record OpenInvoice(String number, Money amountDue, String status) {
    }

    Money walletBalance(TenantId tenant);

    /**
     * The balances of several wallets, locked until the transaction ends (in tenant order), so that the balance a
     * decision was made on is the balance the charge finds.
     */
    Map<TenantId, Money> lockWallets(Collection<TenantId> tenants);

    /** The total the charge would have on an invoice, tax included. */
    Money totalOf(TenantId tenant, Charge charge);

    /** {@link #totalOf(TenantId, Charge)} for a tenant already read in the transaction. */
    Money totalOf(Tenant tenant, Charge charge);

    /** Issues a subscription invoice and pays it from the wallet; returns its number. */
    String chargeWallet(TenantId tenant, Charge charge);

    /** One charge of {@link #chargeWalletAll}. */
    record Billed(TenantId tenant, Charge charge) {
    }

    /** {@link #chargeWallet} for several tenants, written together; the numbers in the order given. */
    List<String> chargeWalletAll(List<Billed> charges);

    /** Issues a subscription invoice left open until the due date; returns its number. */
    String invoice(TenantId tenant, Charge charge, LocalDate dueDate);

    Optional<OpenInvoice> openInvoice(String number);

    /** Voids an open invoice that no longer stands (superseded by an assignment, or its subscription cancelled). */
    void cancel(String number, String reason);

    /** Pays an open invoice from the wallet. */
    void settleFromWallet(String number);

    /**
     * A subscription invoice as far as a plan change needs it.
     *
     * @param subtotal   the amount before tax
     * @param paid       what settled it minus what was refunded, tax included (zero while unpaid)
     * @param refundable what a credit note may still give back
     * @param open       issued or overdue: still owed
     */
    record PeriodInvoice(String number, Money subtotal, Money paid, Money refundable, boolean open,
            @Nullable LocalDate dueDate) {
    }

    /** The tenant's subscription invoices among {@code numbers}, in the order given; others are left out. */
    List<PeriodInvoice> subscriptionInvoices(TenantId tenant, List<String> numbers);

    /** Credits the wallet with a credit note against an invoice (downgrade now). */
    void creditNote(TenantId tenant, String againstInvoice, Money amount, String reason, String reference);

    /** Open invoices past their due date on {@code today}, marked overdue (idempotent). */
    List<OverdueInvoice> markOverdue(LocalDate today);

    /** {@link #markOverdue(LocalDate)} for one tenant, on its own test clock: its overdue invoices only. */
    List<OverdueInvoice> markOverdue(TenantId tenant, LocalDate today);

    /** All invoices of the tenant that are overdue now. */
    List<OverdueInvoice> overdue(LocalDate today);

    record OverdueInvoice(TenantId tenant, String number, LocalDate dueDate, Money amountDue) {
    }
}
