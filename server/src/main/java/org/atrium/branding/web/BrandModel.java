package org.atrium.branding.web;

import org.atrium.branding.Brand;
import org.atrium.branding.Branding;
import org.atrium.tenancy.Tenant;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Puts the tenant's brand in the model of every portal page ({@code brand}), which {@code layout/portal.html}
 * applies: its stylesheet of custom properties, favicon, logo and display name, the support contacts and footer.
 */
@ControllerAdvice
class BrandModel {

    private final Branding branding;

    BrandModel(Branding branding) {
        this.branding = branding;
    }

    @ModelAttribute("brand")
    @Nullable
    Brand brand(HttpServletRequest request) {
        Object tenant = request.getAttribute(PortalAccess.TENANT_ATTRIBUTE);
        return tenant instanceof Tenant t ? branding.current(t.id()) : null;
    }
}
