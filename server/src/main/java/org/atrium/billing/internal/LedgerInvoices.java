package org.atrium.billing.internal;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import org.atrium.billing.Invoice;
import org.atrium.billing.InvoiceDraft;
import org.atrium.billing.InvoiceType;
import org.atrium.billing.PaymentMethod;
import org.atrium.billing.internal.WalletPayments.Settlement;
import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.atrium.wallet.WalletCredited;
import org.atrium.wallet.WalletDebited;
import org.atrium.wallet.WalletTransaction;
import org.atrium.wallet.Wallets;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * One invoice for every wallet movement. Recharges, manual credits and debits, and refunds of recharges (a credit note against the
 * recharge's invoice) get theirs here, inside the
 * transaction that moved the money, so that the movement and its invoice exist together or not at all. Subscription
 * payments and refunds are made by billing together with their invoice and need nothing more. The movement's
 * reference is the invoice's idempotency key, so a replayed movement (which publishes nothing) never makes a second
 * invoice either; and a movement whose reference is the key of an open invoice of its type and amount (a recharge
 * invoiced at checkout, paid later through a gateway) pays that invoice instead of getting a new one.
 */
@Component
class LedgerInvoices {

    private final InvoicingService invoicing;
    private final Wallets wallets;

    LedgerInvoices(InvoicingService invoicing, Wallets wallets) {
        this.invoicing = invoicing;
        this.wallets = wallets;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void credited(WalletCredited event) {
        switch (event.type()) {
            case RECHARGE -> invoice(event.tenantId(), InvoiceType.RECHARGE, event.amount(), event.reference(),
                    "Wallet recharge");
            case MANUAL_CREDIT -> invoice(event.tenantId(), InvoiceType.ADJUSTMENT, event.amount().negate(),
                    event.reference(), "Manual credit");
            default -> {
                // A refund is credited by billing itself, with its credit note.
            }
        }
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void debited(WalletDebited event) {
        switch (event.type()) {
            case MANUAL_DEBIT -> invoice(event.tenantId(), InvoiceType.ADJUSTMENT, event.amount(), event.reference(),
                    "Manual debit");
            case RECHARGE_REFUND -> creditNote(event.tenantId(), event.amount(), event.reference());
            default -> {
                // A subscription payment is taken by billing itself, for the invoice it pays.
            }
        }
    }

    /** A recharge refunded through its gateway: a credit note against the recharge's invoice, for the debit. */
    private void creditNote(TenantId tenant, Money amount, String reference) {
        WalletTransaction movement = wallets.transaction(tenant, reference).orElseThrow();
        Object recharge = movement.metadata().get("recharge");
        if (!(recharge instanceof String rechargeReference)) {
            throw new IllegalStateException("recharge refund " + reference + " names no recharge");
        }
        Settlement settlement = new Settlement(PaymentMethod.GATEWAY, reference, movement.gateway(), movement.id());
        String description = movement.description() == null ? "Recharge refund" : movement.description();
        invoicing.refundRecharge(tenant, rechargeReference, amount.isNegative() ? amount.negate() : amount, reference, description,
                settlement);
    }

    private void invoice(TenantId tenant, InvoiceType type, Money amount, String reference, String label) {
        WalletTransaction movement = wallets.transaction(tenant, reference).orElseThrow();
        PaymentMethod method = type == InvoiceType.RECHARGE
                ? (movement.gateway() == null ? PaymentMethod.OTHER : PaymentMethod.GATEWAY) : PaymentMethod.WALLET;
        Settlement settlement = new Settlement(method, reference, movement.gateway(), movement.id());
        Optional<Invoice> waiting = invoicing.findByIdempotencyKey(tenant, reference)
                .filter(invoice -> invoice.status().isOpen());
        if (waiting.isPresent()) {
            invoicing.settleRecorded(waiting.get(), type, amount, settlement);
            return;
        }
        String description = movement.description() == null ? label : label + ": " + movement.description();
        InvoiceDraft draft = InvoiceDraft.of(tenant, type, amount.currencyCode(), reference,
                List.of(new InvoiceDraft.Line(description, BigDecimal.ONE, amount.amount(), null, null)))
                .taxable(false);
        invoicing.issueRecorded(draft, settlement);
    }
}
