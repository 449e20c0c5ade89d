package org.atrium.wallet;

import java.time.Instant;
import java.util.UUID;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;

/**
 * Money was taken from a wallet (subscription payment, manual debit). Published inside the transaction that recorded it;
 * not published again when a reference is replayed.
 *
 * @param transactionId the ledger row
 * @param amount        the (positive) amount debited; the ledger row carries it negated
 * @param balanceBefore the wallet's balance before the movement
 * @param occurredAt    when the movement was recorded
 */
public record WalletDebited(TenantId tenantId, UUID transactionId, LedgerType type, Money amount,
        Money balanceAfter, String reference, String tenantSlug, Money balanceBefore, Instant occurredAt) {
}
