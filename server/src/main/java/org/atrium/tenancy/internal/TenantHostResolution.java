package org.atrium.tenancy.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.atrium.platform.TenantId;
import org.atrium.tenancy.CustomDomains;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.TenantHosts;
import org.atrium.tenancy.Tenants;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * {@link TenantHosts}: subdomains of {@code atrium.base-domain}, verified custom domains from every
 * {@link CustomDomains} bean (none until branding provides one), and {@code /t/<slug>/…} on the platform's hosts.
 */
@Service
class TenantHostResolution implements TenantHosts {

    private final Tenants tenants;
    private final ObjectProvider<CustomDomains> customDomains;
    private final String baseDomain;

    TenantHostResolution(Tenants tenants, ObjectProvider<CustomDomains> customDomains,
            @Value("${atrium.base-domain:}") String baseDomain) {
        this.tenants = tenants;
        this.customDomains = customDomains;
        this.baseDomain = normalise(baseDomain);
    }

    @Override
    public Optional<Tenant> resolve(String host, String path) {
        String name = normalise(host);
        Optional<Tenant> byHost = byHost(name);
        boolean tenantHost = byHost.isPresent() || isSubdomain(name);
        if (path.startsWith("/t/")) {
            if (tenantHost) {
                return Optional.empty();
            }
            int end = path.indexOf('/', 3);
            String slug = end < 0 ? path.substring(3) : path.substring(3, end);
            return slug.isEmpty() ? Optional.empty() : tenants.findBySlug(slug);
        }
        if (!path.equals("/portal") && !path.startsWith("/portal/")) {
            return Optional.empty();
        }
        return byHost;
    }

    private Optional<Tenant> byHost(String host) {
        if (host.isEmpty()) {
            return Optional.empty();
        }
        if (isSubdomain(host)) {
            String slug = host.substring(0, host.length() - baseDomain.length() - 1);
            return slug.contains(".") ? Optional.empty() : tenants.findBySlug(slug);
        }
        if (!baseDomain.isEmpty() && host.equals(baseDomain)) {
            return Optional.empty();
        }
        List<CustomDomains> lookups = customDomains.orderedStream().toList();
        for (CustomDomains lookup : lookups) {
            Optional<TenantId> owner = lookup.verifiedOwner(host);
            if (owner.isPresent()) {
                return tenants.find(owner.get()).filter(t -> !t.isDeleted());
            }
        }
        return Optional.empty();
    }

    private boolean isSubdomain(String host) {
        return !baseDomain.isEmpty() && host.endsWith("." + baseDomain);
    }

    private static String normalise(String host) {
        String h = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
