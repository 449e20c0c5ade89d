package org.atrium.identity.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.atrium.identity.TenantKeyPrincipal;
import org.atrium.identity.TenantKeyResolver;
import org.atrium.platform.Actor;
import org.atrium.platform.ProblemException;
import org.atrium.platform.web.ProblemResponses;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authenticates API requests: {@code Authorization: Bearer atr_sk_…} for platform keys, a tenant key
 * ({@code atr_live_…}, {@code atr_test_…}) through a {@link TenantKeyResolver}, or HTTP Basic for staff.
 * Credentials that are presented but wrong are refused here with 401; a request with none goes on unauthenticated
 * and is refused by the authorization rules unless its route is public.
 * <p>
 * Failed authentications are counted per client address and credential, and per client address with a higher
 * ceiling ({@link FailedAuthentications}): past a limit, requests it covers are refused with 429 until allowance
 * comes back, without checking their credentials (so without a password hash, a key lookup or an audit row each).
 * The per-account lockout stops guessing one account's password; this stops trying one key again and again, or many
 * accounts or keys, from one place, without refusing the valid keys of other clients behind the same address.
 */
class ApiAuthentication extends OncePerRequestFilter {

    private final PlatformApiKeyService keys;
    private final StaffAccountService staff;
    private final FailedAuthentications failures;
    private final List<TenantKeyResolver> tenantKeys;

    ApiAuthentication(PlatformApiKeyService keys, StaffAccountService staff, FailedAuthentications failures) {
        this(keys, staff, failures, List.of());
    }

    ApiAuthentication(PlatformApiKeyService keys, StaffAccountService staff, FailedAuthentications failures,
            List<TenantKeyResolver> tenantKeys) {
        this.tenantKeys = List.copyOf(tenantKeys);
        this.keys = keys;
        this.staff = staff;
        this.failures = failures;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            chain.doFilter(request, response);
            return;
        }
        String client = request.getRemoteAddr();
        String credential = FailedAuthentications.credentialOf(header);
        Optional<ProblemException> blocked = failures.refusal(client, credential);
        if (blocked.isPresent()) {
            ProblemResponses.write(request, response, blocked.get());
            return;
        }
        Optional<? extends Actor.Principal> principal;
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            principal = bearer(header.substring(7).trim(), client);
        } else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            principal = basic(header.substring(6).trim());
        } else {
            principal = Optional.empty();
        }
        if (principal.isEmpty()) {
            failures.failed(client, credential);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"atrium\"");
            ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, "unauthorized",
                    "The credentials are missing, unknown, expired or revoked");
            return;
        }
        Actor.Principal p = principal.get();
        var authentication = UsernamePasswordAuthenticationToken.authenticated(p, null,
                p instanceof TenantKeyPrincipal tenantKey ? tenantKey.authorities()
                        : ((AuthenticatedPrincipal) p).authorities());
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    /** A platform key, or a tenant key when a resolver recognises its prefix. */
    private Optional<? extends Actor.Principal> bearer(String secret, String client) {
        for (TenantKeyResolver resolver : tenantKeys) {
            if (resolver.handles(secret)) {
                return resolver.resolve(secret, client);
            }
        }
        return keys.authenticate(secret);
    }

    private Optional<AuthenticatedPrincipal> basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 1) {
            return Optional.empty();
        }
        try {
            Actor actor = staff.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
            return Optional.of(new AuthenticatedPrincipal(actor, staff.roleOf(actor.id()).permissions()));
        } catch (StaffAccountService.LoginFailed e) {
            return Optional.empty();
        }
    }
}
