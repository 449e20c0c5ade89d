package org.atrium.platform.web;

/**
 * Which operations a tenant API key can call, for the tenant API's description ({@link ApiDocumentation}'s
 * {@code tenant} group). The module that owns tenant keys declares the one bean of this type; the platform knows no
 * route rules of its own.
 */
public interface TenantApiRoutes {

    /**
     * @param method       {@code GET}, {@code POST} …
     * @param pathTemplate the path as the API description writes it ({@code /api/v1/invoices/{number}})
     */
    boolean includes(String method, String pathTemplate);
}
