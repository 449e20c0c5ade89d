package org.atrium.identity.internal;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.session.web.http.HttpSessionIdResolver;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The two browser realms, each a security chain of its own ahead of the stateless API chain of
 * {@link SecurityConfiguration}: the HQ ({@code /hq/**}, staff) and the tenant portal ({@code /t/<slug>/portal/**}
 * and {@code /portal/**} on the tenant's host, tenant users). Both authenticate from a session in PostgreSQL, refuse
 * a state-changing request without the session's CSRF token, and send a Content-Security-Policy that forbids
 * inline scripts and styles. Sign-in itself is done by the login pages' controllers (password, then the second
 * factor), not by a Spring Security login filter.
 */
@Configuration(proxyBeanMethods = false)
class BrowserSecurityConfiguration {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    HttpSessionIdResolver httpSessionIdResolver(@Value("${atrium.session.cookie-secure:true}") boolean secure) {
        return new RealmSessionCookies(secure);
    }

    @Bean
    @Order(1)
    SecurityFilterChain hqSecurity(HttpSecurity http, Accounts accounts, PortalTenants portalTenants,
            ImpersonationService impersonations, Clock clock,
            @Value("${atrium.session.absolute-timeout:12h}") Duration absolute) throws Exception {
        http.securityMatcher("/hq", "/hq/**");
        browser(http, new SessionAuthentication(Realm.STAFF, accounts, portalTenants, impersonations, clock, absolute));
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/hq/login", "/hq/login/**", "/hq/password-reset", "/hq/password-reset/**")
                        .permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(errors -> errors.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint(
                        "/hq/login")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain portalSecurity(HttpSecurity http, Accounts accounts, PortalTenants portalTenants,
            ImpersonationService impersonations, Clock clock,
            @Value("${atrium.session.absolute-timeout:12h}") Duration absolute) throws Exception {
        http.securityMatcher("/t/*/portal", "/t/*/portal/**", "/portal", "/portal/**");
        browser(http, new SessionAuthentication(Realm.TENANT, accounts, portalTenants, impersonations, clock,
                absolute));
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/t/*/portal/login", "/t/*/portal/login/**", "/portal/login",
                                "/portal/login/**", "/t/*/portal/password-reset", "/t/*/portal/password-reset/**",
                                "/portal/password-reset", "/portal/password-reset/**", "/t/*/portal/invitations/**",
                                "/portal/invitations/**", "/t/*/portal/impersonation/*", "/portal/impersonation/*")
                        .permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, e) -> {
                    String uri = request.getRequestURI().substring(request.getContextPath().length());
                    String base = uri.startsWith("/t/") ? uri.substring(0, uri.indexOf("/portal") + 7) : "/portal";
                    response.setStatus(HttpServletResponse.SC_FOUND);
                    response.setHeader("Location", request.getContextPath() + base + "/login");
                }));
        return http.build();
    }

    /** What both browser chains share. */
    private static void browser(HttpSecurity http, SessionAuthentication authentication) throws Exception {
        http.csrf(csrf -> csrf.csrfTokenRepository(new HttpSessionCsrfTokenRepository()))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                .securityContext(context -> context.securityContextRepository(
                        new RequestAttributeSecurityContextRepository()))
                // No SessionManagementFilter: the context lives in a request attribute and is never "saved", so that
                // filter took every request for a new sign-in and replaced the session's CSRF token, and a form of any
                // earlier page (another tab, a page htmx had updated) was refused. Sessions are still created when
                // needed, and the sign-in pages change the session id themselves (no fixation).
                .sessionManagement(session -> session.requireExplicitAuthenticationStrategy(true))
                .addFilterAfter(authentication, CsrfFilter.class)
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                        .frameOptions(frame -> frame.deny()));
    }
}
