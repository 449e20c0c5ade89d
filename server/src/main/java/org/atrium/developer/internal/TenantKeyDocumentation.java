package org.atrium.developer.internal;

import org.atrium.platform.web.TenantApiRoutes;
import org.springframework.stereotype.Component;

/** The tenant API's description lists exactly the routes of {@link TenantKeyRoutes}. */
@Component
class TenantKeyDocumentation implements TenantApiRoutes {

    @Override
    public boolean includes(String method, String pathTemplate) {
        return TenantKeyRoutes.ROUTES.stream().anyMatch(route -> route.method().equals(method)
                && withoutPatterns(route.pattern()).equals(pathTemplate));
    }

    /** {@code /api/v1/invoices/{number:[A-Z0-9-]+}} as the description writes it: {@code /api/v1/invoices/{number}}. */
    static String withoutPatterns(String template) {
        return template.replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
    }
}
