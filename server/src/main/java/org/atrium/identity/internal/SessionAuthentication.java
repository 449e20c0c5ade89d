package org.atrium.identity.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.atrium.identity.ImpersonationContext;
import org.atrium.identity.StaffRole;
import org.atrium.platform.Actor;
import org.atrium.tenancy.Tenant;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Authenticates a browser request of one realm from its session. The session must hold an identity of this realm
 * (a session of the other realm holds none), be younger than the absolute limit, name an account that is still
 * active and, in the portal, belong to the tenant whose portal is asked for: a user of another tenant gets 404, as
 * if the portal were not there. The account is read again on every request, so a role change or deactivation
 * applies at once.
 */
class SessionAuthentication extends OncePerRequestFilter {

    private final Realm realm;
    private final Accounts accounts;
    private final PortalTenants portalTenants;
    private final ImpersonationService impersonations;
    private final Clock clock;
    private final Duration absoluteLimit;

    SessionAuthentication(Realm realm, Accounts accounts, PortalTenants portalTenants, ImpersonationService impersonations,
            Clock clock, Duration absoluteLimit) {
        this.realm = realm;
        this.accounts = accounts;
        this.portalTenants = portalTenants;
        this.impersonations = impersonations;
        this.clock = clock;
        this.absoluteLimit = absoluteLimit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Tenant tenant = null;
        if (realm == Realm.TENANT) {
            Optional<Tenant> resolved = portalTenants.resolve(request);
            if (resolved.isEmpty()) {
                PortalTenants.notFound(response);
                return;
            }
            tenant = resolved.get();
            request.setAttribute(PortalTenants.ATTRIBUTE, tenant);
        }
        HttpSession session = request.getSession(false);
        Object stored = session == null ? null : session.getAttribute(realm.identityAttribute());
        if (!(stored instanceof SessionIdentity identity) || identity.realm() != realm) {
            chain.doFilter(request, response);
            return;
        }
        if (tenant != null && !tenant.id().value().equals(identity.tenantId())) {
            PortalTenants.notFound(response);
            return;
        }
        if (!clock.instant().isBefore(identity.signedInAt().plus(absoluteLimit))) {
            session.invalidate();
            chain.doFilter(request, response);
            return;
        }
        Optional<Account> account = accounts.byId(realm, identity.tenantId(), identity.accountId(), false);
        if (account.isEmpty() || !account.get().active()) {
            session.invalidate();
            chain.doFilter(request, response);
            return;
        }
        Actor.Principal principal;
        if (realm == Realm.STAFF) {
            principal = new AuthenticatedPrincipal(
                    new Actor(Actor.Type.STAFF, account.get().id().toString(), account.get().email()),
                    StaffRole.fromCode(account.get().role()).permissions());
        } else {
            ImpersonationContext impersonation = null;
            if (identity.impersonationId() != null) {
                Optional<ImpersonationContext> live = impersonations.live(tenant.id(), identity.impersonationId());
                if (live.isEmpty()) {
                    session.invalidate();
                    chain.doFilter(request, response);
                    return;
                }
                impersonation = live.get();
            }
            principal = TenantPrincipal.of(account.get(), impersonation);
        }
        var authorities = principal instanceof AuthenticatedPrincipal p ? p.authorities()
                : ((TenantPrincipal) principal).authorities();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities));
        SecurityContextHolder.setContext(context);
        // Known to the chain's (request attribute) context repository: otherwise the session management filter takes
        // every request for a fresh sign-in and rotates the CSRF token, so that a form rendered before any other
        // request of the session (an htmx fragment, a second tab) would be refused.
        request.setAttribute(RequestAttributeSecurityContextRepository.DEFAULT_REQUEST_ATTR_NAME, context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
