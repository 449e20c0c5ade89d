/**
 * Billing: an invoice for every financial event. Numbering (gap-free per prefix and year), taxes from the platform
 * settings, buyer and seller snapshots, manual payments, payment from the wallet, cancellation, refunds as credit
 * notes, overdue marking, and the PDF.
 * <p>
 * Every wallet movement gets exactly one invoice: subscription payments and refunds are made by this module together
 * with their invoice; recharges and manual credits and debits get theirs from this module's listener, inside the
 * transaction that moved the money. Wallet references and invoice idempotency keys are therefore one namespace per
 * tenant.
 * <p>
 * It must not decide what a tenant owes (that is the subscription's job) nor talk to payment gateways.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Billing", allowedDependencies = { "platform", "audit",
        "wallet", "tenancy", "operations" })
@org.jspecify.annotations.NullMarked
package org.atrium.billing;
