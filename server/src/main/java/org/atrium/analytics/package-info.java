/**
 * The business in figures: monthly and annual recurring revenue, revenue and recharges per month, new and churned
 * tenants, for the HQ's dashboard (and, later, churn, LTV, cohorts and exports).
 * <p>
 * Reads only through other modules' public APIs (their platform-wide figures and lists); owns no table and never
 * reads another module's tables. Must not change anything: every figure is a read.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Analytics", allowedDependencies = { "platform",
        "operations", "catalog", "tenancy", "subscriptions", "billing", "payments", "audit", "identity" })
@org.jspecify.annotations.NullMarked
package org.atrium.analytics;
