package org.atrium.operations.internal;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import org.atrium.operations.PlatformSettings;
import org.atrium.operations.Settings;
import org.atrium.platform.Actor;
import org.atrium.platform.ProblemException;
import org.atrium.platform.web.ProblemResponses;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * In maintenance mode every tenant-facing write gets 503 with {@code Retry-After}. Staff and the platform's own API
 * keys are not affected (they run the maintenance), and payment gateway webhooks are still taken so that no payment
 * is lost.
 */
@Configuration(proxyBeanMethods = false)
class MaintenanceMode {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> maintenanceFilter(Settings settings) {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                    FilterChain chain) throws ServletException, IOException {
                if (WRITES.contains(request.getMethod()) && !request.getRequestURI().startsWith("/webhooks/")) {
                    PlatformSettings.Maintenance maintenance = settings.current().maintenance();
                    if (maintenance.enabled() && !isStaff()) {
                        String message = maintenance.message() == null || maintenance.message().isBlank()
                                ? "The platform is under maintenance; please retry later"
                                : maintenance.message();
                        ProblemResponses.write(request, response,
                                new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "maintenance", message,
                                        Map.of("retryAfterSeconds", maintenance.retryAfterSeconds()),
                                        Map.of("Retry-After", String.valueOf(maintenance.retryAfterSeconds()))));
                        return;
                    }
                }
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        // After Spring Security, so that the principal is known.
        registration.setOrder(100);
        return registration;
    }

    private static boolean isStaff() {
        return Actor.currentIfAuthenticated()
                .map(actor -> actor.type() == Actor.Type.STAFF || actor.type() == Actor.Type.API_KEY).orElse(false);
    }
}
