package org.atrium.branding;

import java.util.List;
import java.util.Optional;

import org.atrium.platform.TenantId;

/**
 * The custom domains tenants' portals answer on: added by a tenant's admin, verified through DNS (a TXT record
 * {@code _atrium-challenge.<domain>} with the tenant's token and a CNAME to {@code <slug>.<base domain>}), re-checked
 * daily.
 */
public interface CustomDomains extends org.atrium.tenancy.CustomDomains {

    /** The portal's resolver (tenancy's {@link org.atrium.tenancy.CustomDomains}) asks {@link #verifiedTenant}. */
    @Override
    default Optional<TenantId> verifiedOwner(String host) {
        return verifiedTenant(host);
    }

    /**
     * The tenant whose verified custom domain {@code host} is, when that tenant is not deleted. Answered from memory
     * (kept 30 s, cleared on every node when a domain changes), so the portal's resolver and the TLS question can ask
     * on every request. The host is compared case-insensitively, without a port or a trailing dot.
     */
    Optional<TenantId> verifiedTenant(String host);

    List<CustomDomain> list(TenantId tenant);

    /**
     * Adds a domain as pending, with the records to create.
     *
     * @throws org.atrium.platform.ProblemException 400 {@code validation} for a name that is not a domain (or is the
     *                                              platform's own), 409 {@code domain-claimed} when another tenant
     *                                              has verified it, 409 {@code duplicate} when this tenant has it
     */
    CustomDomain add(TenantId tenant, String domain);

    /**
     * Looks the records up now; verified when both are found (and no other tenant verified it meanwhile), otherwise
     * 422 {@code domain-not-verified} naming what is missing.
     */
    CustomDomain verify(TenantId tenant, String domain);

    void remove(TenantId tenant, String domain);

    /**
     * Checks every verified and suspended domain again: one whose records are gone is suspended, one whose records
     * are back is verified. A lookup that fails (timeout, server failure) changes nothing.
     *
     * @return how many domains changed status
     */
    int recheck();
}
