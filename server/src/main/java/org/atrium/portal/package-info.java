/**
 * The tenant portal's shell: its layout and navigation, the impersonation watermark, the pages that compose several
 * modules (home with what to do next, plan and usage, wallet and recharges, invoices, plan changes, settings,
 * notifications) and the onboarding checklist, which the HQ reads through {@link org.atrium.portal.Onboarding}.
 * Web only: every page calls the modules' APIs and owns no data. Identity keeps its own portal pages (sign-in, team,
 * security) in this shell; other modules add theirs the same way (a template decorated by {@code layout/portal}).
 * <p>
 * Must not: show a write control enabled that the server would refuse, or rely on a disabled control instead of
 * refusing on the server.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Tenant portal", allowedDependencies = { "platform",
        "identity", "tenancy", "catalog", "subscriptions", "wallet", "billing", "payments", "metering",
        "entitlements", "notifications", "developer", "branding" })
@org.jspecify.annotations.NullMarked
package org.atrium.portal;
