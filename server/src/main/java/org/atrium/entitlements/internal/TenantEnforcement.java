package org.atrium.entitlements.internal;

import java.io.IOException;

import org.atrium.entitlements.TenantRequests;
import org.atrium.tenancy.Tenants;
import org.atrium.platform.Actor;
import org.atrium.platform.TenantId;
import org.atrium.platform.web.ProblemResponses;
import org.atrium.platform.web.RequestLogging;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The one place tenant-facing routes (see {@link TenantRoutes}) are held to the tenant's status and rate limit, so
 * that no controller has to remember it:
 * <ul>
 * <li>suspended: 403 {@code tenant-suspended}, except billing, recharge, pricing and logout;</li>
 * <li>read-only, cancelled, expired: writes get 403 {@code subscription-read-only}, reads pass;</li>
 * <li>grace period: everything passes, with an {@code Atrium-Warning} header;</li>
 * <li>then the per-tenant rate limit: 429 with {@code Retry-After}, and {@code RateLimit-*} headers on every
 * answer.</li>
 * </ul>
 * Staff and platform API keys are not held to either; tenant API keys are held to their own tenant's rules by the
 * developer module through {@link org.atrium.entitlements.TenantRequests}, which shares these rules. Maintenance mode (503 for writes) is the operations
 * module's filter, which runs before this one.
 */
@Configuration(proxyBeanMethods = false)
class TenantEnforcement {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> tenantEnforcementFilter(Tenants lookup, TenantAdmission admission) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
                new Filter(lookup, admission));
        // After Spring Security (the principal decides who bypasses) and after maintenance mode (order 100).
        registration.setOrder(110);
        registration.addUrlPatterns(TenantRoutes.PORTAL + "*", TenantRoutes.PUBLIC + "*");
        return registration;
    }

    static final class Filter extends OncePerRequestFilter {

        private final Tenants lookup;
        private final TenantAdmission admission;

        Filter(Tenants lookup, TenantAdmission admission) {
            this.lookup = lookup;
            this.admission = admission;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String slug = TenantRoutes.tenantOf(request);
            if (slug == null || notHeldHere()) {
                chain.doFilter(request, response);
                return;
            }
            TenantId tenant = lookup.findIdBySlug(slug).orElse(null);
            if (tenant == null) {
                chain.doFilter(request, response); // the route answers 404 for a tenant that does not exist
                return;
            }
            request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
            TenantRequests.Admission decided = admission.admit(tenant, slug, TenantRoutes.isWrite(request),
                    TenantRoutes.openWhileSuspended(request, slug));
            decided.headers().forEach(response::setHeader);
            if (!decided.admitted()) {
                ProblemResponses.write(request, response, decided.refusal());
                return;
            }
            chain.doFilter(request, response);
        }

        /**
         * Staff and platform keys are not held to a tenant's rules; a tenant API key is held to its own tenant's by
         * the developer module ({@link org.atrium.entitlements.TenantRequests}), once per call.
         */
        private static boolean notHeldHere() {
            return Actor.currentIfAuthenticated()
                    .map(actor -> actor.type() == Actor.Type.STAFF || actor.type() == Actor.Type.API_KEY
                            || actor.type() == Actor.Type.TENANT_API_KEY)
                    .orElse(false);
        }
    }
}
