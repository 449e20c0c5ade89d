package org.atrium.identity.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.atrium.platform.ProblemException;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Checks a controller's permission ({@code @PreAuthorize("hasAuthority('…')")} or {@code hasAnyAuthority}) as soon
 * as the request is matched to it, before its body is read or its parameters are converted: a caller without the
 * permission gets 403 whatever the body holds, and learns nothing about what the endpoint would accept. The 403
 * names the permission that is missing.
 * <p>
 * Method security still applies as it did; this only answers earlier, for the two forms of expression the API uses.
 * Other expressions are left to method security alone.
 */
@Configuration(proxyBeanMethods = false)
class PermissionCheck implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new Interceptor()).order(Ordered.HIGHEST_PRECEDENCE);
    }

    static final class Interceptor implements HandlerInterceptor {

        private static final Pattern EXPRESSION = Pattern.compile("\\s*has(Any)?Authority\\((.*)\\)\\s*");
        private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

        private final Map<Method, Optional<List<String>>> required = new ConcurrentHashMap<>();

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            if (!(handler instanceof HandlerMethod method)) {
                return true;
            }
            List<String> anyOf = required.computeIfAbsent(method.getMethod(), m -> parse(method)).orElse(null);
            if (anyOf == null) {
                return true;
            }
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
                return true; // the route's rules answer 401; method security stays in force
            }
            for (GrantedAuthority held : auth.getAuthorities()) {
                if (anyOf.contains(held.getAuthority())) {
                    return true;
                }
            }
            throw missing(anyOf);
        }

        static ProblemException missing(List<String> anyOf) {
            String detail = anyOf.size() == 1
                    ? "This action needs the permission %s, which your credentials do not grant.".formatted(anyOf.get(0))
                    : "This action needs one of the permissions %s, and your credentials grant none of them."
                            .formatted(String.join(", ", anyOf));
            return anyOf.size() == 1
                    ? new ProblemException(HttpStatus.FORBIDDEN, "forbidden", detail,
                            Map.of("permission", anyOf.get(0), "permissions", anyOf))
                    : new ProblemException(HttpStatus.FORBIDDEN, "forbidden", detail, Map.of("permissions", anyOf));
        }

        private static Optional<List<String>> parse(HandlerMethod method) {
            PreAuthorize annotation = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), PreAuthorize.class);
            if (annotation == null) {
                annotation = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), PreAuthorize.class);
            }
            if (annotation == null) {
                return Optional.empty();
            }
            Matcher m = EXPRESSION.matcher(annotation.value());
            if (!m.matches()) {
                return Optional.empty();
            }
            List<String> permissions = new ArrayList<>();
            Matcher quoted = QUOTED.matcher(m.group(2));
            while (quoted.find()) {
                permissions.add(quoted.group(1));
            }
            String rest = QUOTED.matcher(m.group(2)).replaceAll("").replace(",", "").strip();
            if (permissions.isEmpty() || !rest.isEmpty() || (m.group(1) == null && permissions.size() != 1)) {
                return Optional.empty();
            }
            return Optional.of(List.copyOf(permissions));
        }
    }
}
