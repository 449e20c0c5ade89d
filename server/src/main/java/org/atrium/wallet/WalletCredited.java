package org.atrium.wallet;

import java.time.Instant;
import java.util.UUID;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;

/**
 * Money was added to a wallet (recharge, manual credit, refund). Published inside the transaction that recorded it;
 * not published again when a reference is replayed.
 *
 * @param transactionId the ledger row
 * @param amount        the (positive) amount credited
 * @param balanceBefore the wallet's balance before the movement
 * @param occurredAt    when the movement was recorded
 */
public record WalletCredited(TenantId tenantId, UUID transactionId, LedgerType type, Money amount,
        Money balanceAfter, String reference, String tenantSlug, Money balanceBefore, Instant occurredAt) {
}
