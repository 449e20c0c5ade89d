/**
 * A tenant's brand and its own domains: logo, favicon, colours, display name, support contacts and footer text
 * applied to its portal, its invoices' header and its mails; and the custom domains its portal answers on, with
 * their DNS verification, the daily re-check and the answer Caddy asks before issuing a certificate.
 * <p>
 * Open {@link org.atrium.branding.Branding} and {@link org.atrium.branding.CustomDomains} first. A brand applies
 * only while the tenant's plan has the {@code custom_branding} feature; otherwise the platform's brand shows.
 * Uploaded images are recognised from their bytes, their size is checked from the header before anything is
 * decoded, and they are stored re-encoded (no metadata survives) under the SHA-256 of the stored bytes.
 * <p>
 * It must not decide what a notification says (templates are the notifications module's) nor resolve the portal's
 * tenant itself: the portal asks {@link org.atrium.branding.CustomDomains#verifiedTenant(String)}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Branding and custom domains", allowedDependencies = {
        "platform", "audit", "tenancy", "entitlements", "notifications", "billing" })
@org.jspecify.annotations.NullMarked
package org.atrium.branding;
