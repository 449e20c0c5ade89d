/**
 * Payments: tenants recharge their wallet through a payment gateway (Stripe, PayPal, Paystack, or Atrium's own
 * sandbox gateway), and staff refund recharges through the gateway.
 * <p>
 * A recharge is stored as pending before the tenant is sent to the gateway; its reference is the ledger reference of
 * the wallet credit, so the wallet's unique reference makes a second credit impossible whatever the gateway sends
 * (the return redirect, the webhook, both, or the webhook three times, on any node). Nothing is credited on the
 * gateway's word alone: a callback or a verified webhook makes Atrium ask the gateway for the payment, and the amount
 * and currency it reports must be those of the recharge, or the recharge is flagged for staff. Every inbound webhook
 * is stored, verified or not.
 * <p>
 * It records money only through {@link org.atrium.wallet.Wallets} (billing invoices the movement and the
 * subscriptions module recovers open invoices after {@link org.atrium.wallet.WalletCredited}); it must not write
 * invoices or subscriptions itself. Auto top-up watches the wallet's events inside the transaction that moved the
 * money (a debit that takes the balance below a tenant's threshold claims one charge of its saved Stripe card) and
 * tells the tenant of a failed charge through {@link org.atrium.notifications.Notifications}. Gateway credentials
 * are sealed with {@link org.atrium.platform.secrets.Secrets}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Payments", allowedDependencies = { "platform", "audit",
        "tenancy", "wallet", "notifications" })
@org.jspecify.annotations.NullMarked
package org.atrium.payments;
