/**
 * Who may do what: platform staff and their roles, platform API keys, authentication of every request to
 * {@code /api}, brute-force protection; browser sign-in for the two realms (staff in the HQ, tenant users in their
 * tenant's portal) with sessions in PostgreSQL, CSRF protection, a second factor (TOTP) and recovery codes; tenant
 * users, their roles and invitations; impersonation; security alerts. Deny by default: a request reaches a
 * controller only with a permission from {@link org.atrium.platform.Permissions} (or, in the portal,
 * {@link org.atrium.identity.TenantRole.TenantPermissions}) that the controller asks for.
 * <p>
 * Must not: show or let anyone choose a tenant user's password but that user; store a password, token, recovery
 * code or TOTP secret in clear.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity and access", allowedDependencies = { "platform",
        "audit", "tenancy", "operations", "notifications", "entitlements", "metering" })
@org.jspecify.annotations.NullMarked
package org.atrium.identity;
