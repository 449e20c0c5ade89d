package org.atrium.subscriptions.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.atrium.tenancy.Tenants;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A request about one tenant ({@code /api/v1/tenants/{slug}/…}) whose tenant has a sandbox test clock of its own
 * runs at the tenant's time: a plan change, a wallet credit, an invoice issued by it are dated on the tenant's
 * clock. Does nothing while no tenant has a clock of its own (always, outside sandbox mode).
 */
@Component
class TenantTimeFilter extends OncePerRequestFilter {

    private static final Pattern TENANT_PATH = Pattern.compile("^/api/v1/tenants/([^/]+)(/.*)?$");

    private final TenantClocks clocks;
    private final Tenants tenants;

    TenantTimeFilter(TenantClocks clocks, Tenants tenants) {
        this.clocks = clocks;
        this.tenants = tenants;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !clocks.sandbox() || clocks.tenants().isEmpty();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher m = TENANT_PATH.matcher(request.getRequestURI());
        // The test clock's own endpoints move that clock; they run at the platform's time.
        if (!m.matches() || (m.group(2) != null && m.group(2).startsWith("/test-clock"))) {
            chain.doFilter(request, response);
            return;
        }
        var tenant = tenants.findBySlug(m.group(1)).filter(t -> clocks.hasOwnClock(t.id())).orElse(null);
        if (tenant == null) {
            chain.doFilter(request, response);
            return;
        }
        try {
            clocks.inTenantTime(tenant.id(), () -> {
                try {
                    chain.doFilter(request, response);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (ServletException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof ServletException se) {
                throw se;
            }
            throw e;
        }
    }
}
