package org.atrium.tenancy.web;

import java.util.Optional;

import org.atrium.platform.TenantId;
import org.atrium.platform.web.ApiResource;
import org.atrium.tenancy.Tenants;
import org.springframework.stereotype.Component;

/** A tenant as {@code GET /api/v1/tenants/{slug}} answers it; a deleted tenant too (for {@code tenant.deleted}). */
@Component
class TenantResource implements ApiResource {

    private final Tenants tenants;

    TenantResource(Tenants tenants) {
        this.tenants = tenants;
    }

    @Override
    public String kind() {
        return "tenant";
    }

    @Override
    public Optional<Object> find(TenantId tenant, String key) {
        return tenants.find(tenant).map(TenantView::of);
    }
}
