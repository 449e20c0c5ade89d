package org.atrium.wallet.web;

import java.time.Instant;
import java.util.Map;

import org.atrium.wallet.WalletTransaction;

/** A ledger row as the API shows it. {@code amount} is signed: negative for debits. */
record TransactionView(String id, long seq, String reference, String type, String amount, String balanceAfter,
        String currency, String gateway, String description, Map<String, Object> metadata, String createdBy,
        Instant createdAt) {

    static TransactionView of(WalletTransaction t) {
        return new TransactionView(t.id().toString(), t.seq(), t.reference(), t.type().code(),
                t.amount().toPlainString(), t.balanceAfter().toPlainString(), t.amount().currencyCode(), t.gateway(),
                t.description(), t.metadata(), t.createdBy(), t.createdAt());
    }
}
