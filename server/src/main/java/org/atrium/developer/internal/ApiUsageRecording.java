package org.atrium.developer.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

import org.atrium.identity.TenantKeyPrincipal;
import org.atrium.platform.web.RequestLogging;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Hands every API call made with a tenant key to the usage log once it is answered: the key, the method, the matched
 * route template, the status, the time from authentication to the answer, the client's address and the time. Runs
 * right after Spring Security (which has authenticated the key) and before maintenance mode and the tenant rules, so
 * that their refusals are logged too.
 */
@Configuration(proxyBeanMethods = false)
class ApiUsageRecording {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> apiUsageFilter(ApiUsageLog usage, Clock clock) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
                new Filter(usage, clock));
        registration.setOrder(-99); // Spring Security's filter chain is at -100
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    static final class Filter extends OncePerRequestFilter {

        private final ApiUsageLog usage;
        private final Clock clock;

        Filter(ApiUsageLog usage, Clock clock) {
            this.usage = usage;
            this.clock = clock;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            TenantKeyPrincipal key = usage.recording() ? TenantKeyAccess.current() : null;
            if (key == null) {
                chain.doFilter(request, response);
                return;
            }
            request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, key.slug());
            Instant at = clock.instant();
            long started = System.nanoTime();
            int status = 500;
            try {
                chain.doFilter(request, response);
                status = response.getStatus();
            } finally {
                long micros = (System.nanoTime() - started) / 1_000;
                Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
                usage.record(new ApiUsageLog.Pending(key.tenant(), key.keyId(), at, request.getMethod(),
                        route instanceof String r ? r : null, status, micros, request.getRemoteAddr()));
            }
        }
    }
}
