/**
 * Metering: what tenants used. Usage events as the product reports them (idempotent, in batches), counters per
 * period for per-cycle and daily metrics, current values for level metrics, the history of closed periods, the
 * atomic consume step that limit checks build on, and the 80 % / 100 % alerts.
 * <p>
 * Metering counts; it does not decide what a tenant may do. Limits come from whoever implements
 * {@link org.atrium.metering.UsageLimits} (the {@code entitlements} module), and billing periods from
 * {@link org.atrium.metering.BillingPeriods}. It must not depend on {@code entitlements} or {@code subscriptions}'
 * internals.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Metering", allowedDependencies = { "platform", "audit", "subscriptions", "notifications",
        "catalog", "tenancy" })
@org.jspecify.annotations.NullMarked
package org.atrium.metering;
