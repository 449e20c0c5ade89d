package org.atrium.portal;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.atrium.platform.TenantId;
import org.atrium.tenancy.CustomDomains;

/**
 * Verified custom domains as a test sets them, standing where branding's verification plugs in: the resolver
 * must serve exactly these hosts and no others.
 */
final class TestCustomDomains implements CustomDomains {

    static final Map<String, TenantId> VERIFIED = new ConcurrentHashMap<>();

    @Override
    public Optional<TenantId> verifiedOwner(String host) {
        return Optional.ofNullable(VERIFIED.get(host.toLowerCase(Locale.ROOT)));
    }
}
