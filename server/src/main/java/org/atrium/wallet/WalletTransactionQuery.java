package org.atrium.wallet;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** Filters for a wallet's ledger; all optional. {@code from} is inclusive, {@code to} exclusive. */
public record WalletTransactionQuery(@Nullable LedgerType type, @Nullable String reference, @Nullable Instant from,
        @Nullable Instant to) {

    public static final WalletTransactionQuery ALL = new WalletTransactionQuery(null, null, null, null);
}
