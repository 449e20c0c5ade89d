package org.atrium.wallet.web;

import java.time.Instant;

import org.atrium.wallet.Wallet;

/** A wallet as the API shows it: the balance as a decimal string with the currency beside it. */
record WalletView(String tenant, String balance, String currency, long transactions, Instant createdAt,
        Instant updatedAt) {

    static WalletView of(String slug, Wallet w) {
        return new WalletView(slug, w.balance().toPlainString(), w.currency(), w.transactions(), w.createdAt(),
                w.updatedAt());
    }
}
