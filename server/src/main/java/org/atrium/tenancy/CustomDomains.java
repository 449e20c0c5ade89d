package org.atrium.tenancy;

import java.util.Optional;

import org.atrium.platform.TenantId;

/**
 * Verified custom domains, as {@link TenantHosts} looks them up: implemented by the module that verifies them
 * (branding). Without an implementation no custom domain resolves, so the portal answers only on the platform's
 * subdomains and on {@code /t/<slug>/portal}.
 */
public interface CustomDomains {

    /**
     * The tenant that owns {@code host} as a custom domain whose verification currently holds; empty for a host that
     * is unknown, still unverified, or suspended because its records disappeared.
     *
     * @param host lower case, without port or trailing dot
     */
    Optional<TenantId> verifiedOwner(String host);
}
