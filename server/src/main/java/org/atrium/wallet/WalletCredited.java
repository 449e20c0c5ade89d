package org.atrium.wallet;

import java.util.UUID;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;

/**
 * Money was added to a wallet (recharge, manual credit, refund). Published inside the transaction that recorded it;
 * not published again when a reference is replayed.
 *
 * @param amount the (positive) amount credited
 */
public record WalletCredited(TenantId tenantId, UUID transactionId, LedgerType type, Money amount,
        Money balanceAfter, String reference) {
}
