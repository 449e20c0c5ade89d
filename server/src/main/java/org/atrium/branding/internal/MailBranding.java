package org.atrium.branding.internal;

import java.util.Optional;

import org.atrium.branding.Brand;
import org.atrium.branding.Branding;
import org.atrium.notifications.NotificationBranding;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenants;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** A tenant's own brand in its mails, when its plan allows one (the platform's mails stay as they are). */
@Component
class MailBranding implements NotificationBranding {

    private final Branding branding;
    private final Tenants tenants;
    private final String publicUrl;

    MailBranding(Branding branding, Tenants tenants, @Value("${atrium.public-url:http://localhost:8080}") String url) {
        this.branding = branding;
        this.tenants = tenants;
        this.publicUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public Optional<MailBrand> mailBrand(TenantId tenant) {
        Brand brand = branding.current(tenant);
        if (!brand.custom() || brand.version() == 0) {
            return Optional.empty();
        }
        String name = brand.nameOr(tenants.find(tenant).map(t -> t.name()).orElse(""));
        return Optional.of(new MailBrand(name, brand.logoUrl() == null ? null : publicUrl + brand.logoUrl(),
                brand.footerText(), brand.supportEmail(), brand.supportPhone(), brand.supportUrl()));
    }
}
