/**
 * Wallets: one prepaid wallet per tenant, in the platform currency, with an append-only ledger.
 * <p>
 * Every movement is a ledger row with a signed amount, the balance after it and a reference that is unique per
 * tenant, so that a retried credit or debit is recorded once. The wallet is opened with the tenant (it listens to
 * {@link org.atrium.tenancy.TenantCreated} inside the creating transaction) and tells others about each movement
 * with {@link org.atrium.wallet.WalletCredited} and {@link org.atrium.wallet.WalletDebited}, published in the same
 * transaction.
 * <p>
 * It must not know about invoices, plans or payment gateways: billing listens to its events, payments call it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Wallets", allowedDependencies = { "platform", "audit",
        "tenancy" })
@org.jspecify.annotations.NullMarked
package org.atrium.wallet;
