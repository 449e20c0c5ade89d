package org.atrium.wallet.web;

import java.util.List;

import org.atrium.wallet.WalletDiscrepancy;

/** A wallet whose balance disagrees with its ledger. */
record DiscrepancyView(String tenantId, String balance, String ledgerSum, String lastBalanceAfter, String currency,
        List<String> problems) {

    static DiscrepancyView of(WalletDiscrepancy d) {
        return new DiscrepancyView(d.tenantId().toString(), d.balance().toPlainString(),
                d.ledgerSum().toPlainString(),
                d.lastBalanceAfter() == null ? null : d.lastBalanceAfter().toPlainString(),
                d.balance().currencyCode(), d.problems());
    }
}
