package org.atrium.tenancy;

import java.util.Optional;

/**
 * Which tenant's portal a request is for, from its host and path:
 * <ul>
 * <li>{@code <slug>.<ATRIUM_BASE_DOMAIN>} with a path under {@code /portal};</li>
 * <li>a verified custom domain of the tenant ({@link CustomDomains}) with a path under {@code /portal};</li>
 * <li>{@code /t/<slug>/portal} on any other host (the platform's own address, {@code localhost} in development).</li>
 * </ul>
 * Anything else resolves to nothing: an unknown or deleted tenant, a host that is neither a subdomain of the base
 * domain nor a verified custom domain, and {@code /t/<slug>/…} asked on a tenant's own host (one tenant's host never
 * serves another's portal). Callers answer every such case with the same plain 404.
 */
public interface TenantHosts {

    /** Where the resolved tenant is kept on the request, for the pages behind the portal's security chain. */
    String REQUEST_ATTRIBUTE = "atrium.portal.tenant";

    /**
     * The live tenant of a portal request.
     *
     * @param host the request's host name (any case, without port)
     * @param path the request's path without the context path
     */
    Optional<Tenant> resolve(String host, String path);

    /** The portal's base path on a request for {@code tenant}: {@code /t/<slug>/portal} or {@code /portal}. */
    static String portalBase(String path, Tenant tenant) {
        return path.startsWith("/t/") ? "/t/" + tenant.slug() + "/portal" : "/portal";
    }
}
