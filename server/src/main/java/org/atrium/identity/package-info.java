/**
 * Who may do what: platform staff and their roles, platform API keys, authentication of every request to
 * {@code /api}, brute-force protection. Deny by default: a request reaches a controller only with a permission
 * from {@link org.atrium.platform.Permissions} that the controller asks for.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity and access", allowedDependencies = { "platform",
        "audit" })
@org.jspecify.annotations.NullMarked
package org.atrium.identity;
