package org.atrium.billing.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.atrium.billing.Invoice;
import org.atrium.billing.PaymentMethod;
import org.atrium.billing.internal.InvoicePricing.Prepared;
import org.atrium.platform.Money;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.wallet.LedgerRequest;
import org.atrium.wallet.LedgerResult;
import org.atrium.wallet.LedgerType;
import org.atrium.wallet.Wallets;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The money of invoices that the wallet moves: a {@code subscription_payment} under the invoice's key for an
 * invoice paid from the wallet, a {@code refund} under the refund's reference for a credit note. Billing moves money
 * only together with the invoice that records it, so a reference the wallet already knows belongs to a movement made
 * elsewhere and is refused (409 {@code reference-conflict}).
 */
@Component
class WalletPayments {

    /**
     * How an invoice was settled.
     *
     * @param method              payment method code
     * @param walletTransactionId the ledger row that moved the money, if any
     */
    record Settlement(PaymentMethod method, @Nullable String reference, @Nullable String note,
            @Nullable UUID walletTransactionId) {
    }

    /** How an invoice that is paid from the wallet but costs nothing is settled: without a ledger row. */
    static final Settlement NOTHING_TO_PAY = new Settlement(PaymentMethod.WALLET, null, "nothing to pay", null);

    private final Wallets wallets;

    WalletPayments(Wallets wallets) {
        this.wallets = wallets;
    }

    /**
     * Takes from the wallets what the invoices to be paid from them cost, with one batch of debits (402 when any
     * wallet cannot cover its invoice, and then nothing is taken). Returns each invoice's settlement, in order: null
     * for one not paid from the wallet.
     */
    List<@Nullable Settlement> payAll(List<Prepared> prepared) {
        List<Wallets.Debit> debits = new ArrayList<>();
        List<Integer> debitOf = new ArrayList<>();
        List<@Nullable Settlement> settlements = new ArrayList<>(prepared.size());
        for (Prepared p : prepared) {
            if (p.paidFromWallet() && p.total().isPositive()) {
                debits.add(new Wallets.Debit(p.draft().tenantId(), payment(p.total(), p.draft().idempotencyKey(),
                        p.draft().id(), "Payment of invoice " + p.draft().idempotencyKey())));
                debitOf.add(settlements.size());
            }
            settlements.add(p.paidFromWallet() ? NOTHING_TO_PAY : null);
        }
        if (!debits.isEmpty()) {
            List<LedgerResult> paid = wallets.debitAll(debits);
            for (int d = 0; d < paid.size(); d++) {
                settlements.set(debitOf.get(d), paidBy(paid.get(d)));
            }
        }
        return settlements;
    }

    /** Pays what is due on an open invoice from its tenant's wallet (402 when the wallet cannot cover it). */
    Settlement pay(Invoice invoice) {
        Money due = invoice.amountDue();
        if (!due.isPositive()) {
            return NOTHING_TO_PAY;
        }
        return paidBy(wallets.debit(invoice.tenantId(), payment(due, invoice.idempotencyKey(), invoice.id(),
                "Payment of invoice " + invoice.number())));
    }

    /** Gives a refund back to the wallet, under the refund's reference. */
    Settlement refund(TenantId tenant, Money amount, String reference, String description, String invoiceNumber) {
        LedgerResult credited = wallets.credit(tenant, new LedgerRequest(LedgerType.REFUND, amount.amount(),
                amount.currencyCode(), reference, description, null, Map.of("invoice", invoiceNumber)));
        requireNewMovement(credited, reference);
        return new Settlement(PaymentMethod.WALLET, reference, null, credited.transaction().id());
    }

    /** The wallet movement that pays an invoice: a subscription payment under the invoice's key. */
    private static LedgerRequest payment(Money amount, String reference, UUID invoiceId, String description) {
        return new LedgerRequest(LedgerType.SUBSCRIPTION_PAYMENT, amount.amount(), amount.currencyCode(), reference,
                description, null, Map.of("invoiceId", invoiceId.toString()));
    }

    /** The settlement of an invoice by the wallet movement just recorded for it. */
    private static Settlement paidBy(LedgerResult payment) {
        String reference = payment.transaction().reference();
        requireNewMovement(payment, reference);
        return new Settlement(PaymentMethod.WALLET, reference, null, payment.transaction().id());
    }

    private static void requireNewMovement(LedgerResult result, String reference) {
        if (result.replayed()) {
            throw ProblemException.conflict("reference-conflict",
                    "Reference '%s' already names a wallet movement that is not this invoice's".formatted(reference));
        }
    }
}
