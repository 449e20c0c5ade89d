package org.atrium.wallet.web;

import java.util.Optional;

import org.atrium.platform.TenantId;
import org.atrium.platform.web.ApiResource;
import org.atrium.wallet.Wallets;
import org.springframework.stereotype.Component;

/** A ledger movement as {@code GET /api/v1/tenants/{slug}/wallet/transactions} lists it, by its reference. */
@Component
class WalletTransactionResource implements ApiResource {

    private final Wallets wallets;

    WalletTransactionResource(Wallets wallets) {
        this.wallets = wallets;
    }

    @Override
    public String kind() {
        return "wallet-transaction";
    }

    @Override
    public Optional<Object> find(TenantId tenant, String reference) {
        return wallets.transaction(tenant, reference).map(TransactionView::of);
    }
}
