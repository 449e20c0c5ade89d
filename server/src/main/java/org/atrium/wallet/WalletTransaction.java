package org.atrium.wallet;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * One row of a wallet's ledger. Rows are never changed or removed.
 *
 * @param seq          position in the wallet's ledger, 1 for the first row, without gaps
 * @param amount       signed: positive for credits, negative for debits
 * @param balanceAfter the wallet's balance once this row was recorded
 * @param createdBy    id of the actor who recorded it ({@code system} for scheduled work)
 */
public record WalletTransaction(UUID id, TenantId tenantId, long seq, LedgerType type, Money amount,
        Money balanceAfter, String reference, @Nullable String gateway, @Nullable String description,
        Map<String, Object> metadata, String createdBy, Instant createdAt) {
}
