/**
 * The HQ console's shell for platform staff: the layout's navigation (one entry per HQ section, shown only to staff
 * whose role grants it), formats for money and dates, and the pages that compose several modules, such as the tenant
 * list and a tenant's overview. Web only: it owns no data and no SQL, and calls the same module APIs as the REST
 * controllers, so every action is validated and audited exactly like its API twin.
 * <p>
 * Must not: decide a business rule of its own, or show a button for an action the signed-in staff member may not
 * take (the server refuses it anyway).
 */
@org.springframework.modulith.ApplicationModule(displayName = "HQ console", allowedDependencies = { "platform",
        "tenancy", "catalog", "subscriptions", "wallet", "billing", "metering", "entitlements", "audit", "identity", "payments",
        "portal" })
@org.jspecify.annotations.NullMarked
package org.atrium.console;
