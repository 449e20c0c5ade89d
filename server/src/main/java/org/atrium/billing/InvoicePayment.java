package org.atrium.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.atrium.platform.Money;
import org.jspecify.annotations.Nullable;

/**
 * What settled an invoice.
 *
 * @param method              {@code wire}, {@code cash}, {@code check}, {@code card}, {@code other} (recorded by
 *                            staff), {@code wallet} (taken from or given to the wallet) or {@code gateway} (a
 *                            recharge paid through a payment gateway)
 * @param walletTransactionId the ledger row that moved the money, for wallet payments, recharges and refunds
 */
public record InvoicePayment(UUID id, String method, Money amount, @Nullable String reference, LocalDate paidOn,
        @Nullable String note, @Nullable UUID walletTransactionId, String recordedBy, Instant recordedAt) {
}
