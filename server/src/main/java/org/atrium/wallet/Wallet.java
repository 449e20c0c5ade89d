package org.atrium.wallet;

import java.time.Instant;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;

/**
 * A tenant's prepaid wallet.
 *
 * @param balance      the sum of all ledger amounts, in the wallet's currency (may be negative after a manual debit)
 * @param transactions how many ledger rows the wallet has
 */
public record Wallet(TenantId tenantId, Money balance, long transactions, Instant createdAt, Instant updatedAt) {

    public String currency() {
        return balance.currencyCode();
    }
}
