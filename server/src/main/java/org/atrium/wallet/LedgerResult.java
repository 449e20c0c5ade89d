package org.atrium.wallet;

/**
 * The outcome of a credit or debit.
 *
 * @param transaction the ledger row: the new one, or the one recorded earlier under the same reference
 * @param replayed    true when the reference had been recorded before and nothing changed this time
 */
public record LedgerResult(WalletTransaction transaction, boolean replayed) {
}
