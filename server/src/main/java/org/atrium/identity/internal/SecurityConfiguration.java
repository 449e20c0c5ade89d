package org.atrium.identity.internal;

import java.time.Duration;

import org.atrium.platform.Permissions;
import org.atrium.platform.web.ProblemResponses;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Deny by default: only health, the API description and the public pages are open; metrics need a key with
 * {@code metrics.read} (on the management port too, when one is configured: the chain serves it as well); every API
 * route needs an authenticated principal and the permission its controller asks for ({@code @PreAuthorize}).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    /**
     * No observation per security filter and none per authorization decision. With an observation registry present,
     * Spring Security otherwise wraps each filter of the chain and records a "before" and an "after" event for every
     * one of them on every request, and observes both authorization decisions of every API request (the route's and
     * the controller's {@code @PreAuthorize}), each with a timer, an active-task timer and a description of the
     * decision built from the principal's authorities: a fifth of what an API request allocates, for a metric of how
     * long a permission check takes (microseconds). Requests are still timed ({@code http.server.requests}), with
     * their status, so refusals (401, 403) still show in the metrics.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.withDefaults().shouldObserveRequests(false).shouldObserveAuthorizations(false)
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, PlatformApiKeyService keys, StaffAccountService staff,
            java.util.List<org.atrium.identity.TenantKeyResolver> tenantKeys,
            @Value("${atrium.security.failed-logins-per-credential:20}") int failuresPerCredential,
            @Value("${atrium.security.failed-logins-per-address:200}") int failuresPerAddress,
            @Value("${atrium.security.failed-login-window:10m}") Duration failureWindow) throws Exception {
        http.securityMatcher("/**")
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiAuthentication(keys, staff,
                        new FailedAuthentications(failuresPerCredential, failuresPerAddress, failureWindow),
                        tenantKeys), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info").permitAll()
                        .requestMatchers("/actuator/prometheus").hasAuthority(Permissions.METRICS_READ)
                        .requestMatchers("/v3/api-docs/**", "/v3/api-docs", "/swagger-ui/**", "/swagger-ui.html",
                                "/problems/**", "/error", "/pricing/**", "/api/v1/public/**").permitAll()
                        // Gateways authenticate by signature; the return and the sandbox page only make Atrium ask
                        // the gateway, whoever calls them.
                        .requestMatchers("/webhooks/**", "/payments/return/**", "/payments/auto-top-up/return/**",
                                "/sandbox/checkout/**",
                                "/sandbox/checkout.css").permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader("WWW-Authenticate", "Bearer realm=\"atrium\"");
                            ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, "unauthorized",
                                    "Authentication is required: send Authorization: Bearer <platform key>");
                        })
                        .accessDeniedHandler((request, response, e) -> ProblemResponses.write(request, response,
                                HttpStatus.FORBIDDEN, "forbidden", "Your credentials do not grant this action")));
        return http.build();
    }
}
