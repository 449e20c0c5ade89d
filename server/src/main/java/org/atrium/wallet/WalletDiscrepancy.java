package org.atrium.wallet;

import java.util.List;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * A wallet whose stored balance does not agree with its ledger.
 *
 * @param balance          the balance stored on the wallet
 * @param ledgerSum        the sum of its ledger amounts
 * @param lastBalanceAfter balance_after of its last ledger row, or null when it has none
 * @param problems         each disagreement found, in words
 */
public record WalletDiscrepancy(TenantId tenantId, Money balance, Money ledgerSum, @Nullable Money lastBalanceAfter,
        List<String> problems) {
}
