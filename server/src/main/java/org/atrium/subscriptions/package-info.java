/**
 * Subscriptions: which plan a tenant is on, on what cycle, and where it stands — trial, active, grace period,
 * read-only, suspended, cancelled, expired. Owns the daily lifecycle run (trial end, renewal from the wallet,
 * grace, read-only, overdue dunning), plan changes with proration, and sandbox time travel.
 * <p>
 * Money moves only through {@code billing} and {@code wallet}; the tenant's status is recorded in {@code tenancy}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Subscriptions", allowedDependencies = { "platform",
        "audit", "catalog", "tenancy", "operations", "wallet", "billing", "notifications" })
@org.jspecify.annotations.NullMarked
package org.atrium.subscriptions;
