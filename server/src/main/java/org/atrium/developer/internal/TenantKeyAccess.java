package org.atrium.developer.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.atrium.billing.Invoicing;
import org.atrium.entitlements.TenantRequests;
import org.atrium.identity.TenantKeyPrincipal;
import org.atrium.platform.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a tenant API key may reach, decided as soon as a request is matched to its handler and before the permission
 * check of the handler ({@code identity}'s, which this interceptor is registered ahead of):
 * <ol>
 * <li>another tenant's resources — a path under {@code /api/v1/tenants/{slug}} of another slug, an invoice of
 * another tenant, a body naming another {@code tenant} (or a batch with an event that does) — answer 404 exactly as a tenant that does not exist;</li>
 * <li>the key's tenant is held to its status and request limits ({@link TenantRequests}): suspended, refused; read-only,
 * cancelled or expired, reads only; every call counts toward {@code api_calls_daily} and the rate limit, with the
 * {@code RateLimit-*} headers on the answer;</li>
 * <li>a route of {@link TenantKeyRoutes} asks for its scope (403 naming it), and with the scope the request is
 * granted the one platform permission that route's handler checks, for this request only;</li>
 * <li>any other route — platform endpoints, and what only staff may do to a tenant (credits, debits, marking
 * invoices paid, overrides, extending a period, owner assignment) — is left to the handler's permission check,
 * which a tenant key never passes (403 naming the permission).</li>
 * </ol>
 * Default deny: a route added later is out of a tenant key's reach until it is listed.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@ControllerAdvice
class TenantKeyAccess extends RequestBodyAdviceAdapter implements WebMvcConfigurer {

    private static final String TENANT_PATH = "/api/v1/tenants/{slug}";
    private static final String INVOICE_PATH = "/api/v1/invoices/{number";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final Invoicing invoicing;
    private final TenantRequests requests;

    TenantKeyAccess(Invoicing invoicing, TenantRequests requests) {
        this.invoicing = invoicing;
        this.requests = requests;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new Interceptor()).order(Ordered.HIGHEST_PRECEDENCE);
    }

    static @Nullable TenantKeyPrincipal current() {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof TenantKeyPrincipal p ? p : null;
    }

    /** The answer for another tenant's resource: the same as for a tenant that does not exist. */
    static ProblemException otherTenant(String slug) {
        return ProblemException.notFound("Tenant", slug);
    }

    final class Interceptor implements HandlerInterceptor {

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            TenantKeyPrincipal key = current();
            if (key == null || !(handler instanceof HandlerMethod)) {
                return true;
            }
            String pattern = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            @SuppressWarnings("unchecked")
            Map<String, String> variables = (Map<String, String>) request
                    .getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
            if (pattern == null) {
                return true;
            }
            if (variables == null) {
                variables = Map.of();
            }
            if (pattern.equals(TENANT_PATH) || pattern.startsWith(TENANT_PATH + "/")) {
                String slug = variables.get("slug");
                if (slug == null || !slug.equals(key.slug())) {
                    throw otherTenant(String.valueOf(slug));
                }
            } else if (pattern.startsWith(INVOICE_PATH)) {
                String number = variables.get("number");
                if (number == null || invoicing.find(number).filter(i -> i.tenantId().equals(key.tenant()))
                        .isEmpty()) {
                    throw ProblemException.notFound("Invoice", String.valueOf(number));
                }
            }
            Optional<TenantKeyRoutes.Route> route = TenantKeyRoutes.find(request.getMethod(), pattern);
            // A route's scope says whether it writes (POST /entitlements/check reads); an unlisted one is refused
            // below by its handler, and counts as what its method says.
            boolean write = route.map(r -> r.scope().endsWith(":write"))
                    .orElse(!SAFE_METHODS.contains(request.getMethod()));
            TenantRequests.Admission admission = requests.admit(key.tenant(), key.slug(), write);
            admission.headers().forEach(response::setHeader);
            ProblemException refusal = admission.refusal();
            if (refusal != null) {
                throw refusal;
            }
            if (route.isEmpty()) {
                return true;
            }
            String scope = route.get().scope();
            if (!key.scopes().contains(scope)) {
                throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden",
                        "This API key lacks the scope '%s'".formatted(scope), Map.of("permission", scope));
            }
            if (route.get().grants() != null) {
                List<GrantedAuthority> authorities = new ArrayList<>(key.authorities());
                authorities.add(new SimpleGrantedAuthority(route.get().grants()));
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(key, null, authorities));
                SecurityContextHolder.setContext(context);
            }
            return true;
        }
    }

    // A body that names a tenant (usage events, entitlement checks) must name the key's own.

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return current() != null;
    }

    private static void requireOwn(JsonNode object, TenantKeyPrincipal key) {
        JsonNode tenant = object.get("tenant");
        if (tenant != null && !(tenant.isString() && tenant.asString().equals(key.slug()))) {
            throw otherTenant(tenant.isString() ? tenant.asString() : tenant.toString());
        }
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        TenantKeyPrincipal key = current();
        if (key == null) {
            return message;
        }
        byte[] body = message.getBody().readAllBytes();
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (RuntimeException e) {
            tree = null; // the converter answers 400 for it
        }
        if (tree != null && tree.isObject()) {
            requireOwn(tree, key);
            // A batch of usage events names a tenant in each.
            JsonNode events = tree.get("events");
            if (events != null && events.isArray()) {
                for (JsonNode event : events) {
                    if (event.isObject()) {
                        requireOwn(event, key);
                    }
                }
            }
        }
        HttpHeaders headers = message.getHeaders();
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

}
