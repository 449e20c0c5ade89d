package org.atrium.billing;

import java.time.Instant;
import java.util.UUID;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;

/**
 * An invoice was settled: by hand, from the wallet, or as the record of a wallet movement. Published inside the
 * transaction that settled it.
 *
 * @param amount     what this payment settled
 * @param method     how, as the code of a {@link PaymentMethod} (the event's stored and published shape); read it
 *                   typed with {@link #paymentMethod()}
 * @param from       the status before ({@code issued} or {@code overdue})
 * @param to         the status after ({@code paid})
 * @param occurredAt when the payment was recorded
 */
public record InvoicePaid(TenantId tenantId, String number, UUID invoiceId, Money amount, String method,
        String tenantSlug, InvoiceStatus from, InvoiceStatus to, Instant occurredAt) {

    public InvoicePaid {
        PaymentMethod.fromCode(method);
    }

    /** How the invoice was paid. */
    public PaymentMethod paymentMethod() {
        return PaymentMethod.fromCode(method);
    }

    /**
     * Whether the wallet paid it: such a payment is made in the transaction that changes the subscription, so no
     * listener waits on it.
     */
    public boolean paidFromWallet() {
        return paymentMethod() == PaymentMethod.WALLET;
    }
}
