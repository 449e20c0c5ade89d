package org.atrium.site.web;

import org.atrium.platform.web.PageHeaders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;

/**
 * The public pages and the design system's assets: open to everyone, without sessions, under the pages' headers.
 * Ordered before the API's catch-all chain.
 */
@Configuration(proxyBeanMethods = false)
class SiteSecurity {

    @Bean
    @Order(50)
    SecurityFilterChain sitePages(HttpSecurity http) throws Exception {
        http.securityMatcher("/pricing", "/signup", "/css/**", "/js/**", "/webjars/**", "/favicon.ico")
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                // The signup form's token travels in a cookie, so a public page needs no server session.
                .csrf(csrf -> csrf.csrfTokenRepository(new CookieCsrfTokenRepository()))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        PageHeaders.apply(http);
        return http.build();
    }
}
