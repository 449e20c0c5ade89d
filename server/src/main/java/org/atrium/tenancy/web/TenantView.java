package org.atrium.tenancy.web;

import java.time.Instant;
import java.util.Map;

import org.atrium.tenancy.Tenant;

/** A tenant as the API shows it. */
record TenantView(String id, String slug, String name, String legalName, String status, String lifecycleStatus,
        boolean writeAllowed, Tenant.Suspension suspension, String plan, Tenant.Contact contact,
        Tenant.Regional regional, Map<String, Boolean> features, int version, Instant createdAt, Instant updatedAt,
        Instant deletedAt) {

    static TenantView of(Tenant t) {
        return new TenantView(t.id().toString(), t.slug(), t.name(), t.legalName(), t.effectiveStatus().code(),
                t.status().code(), t.effectiveStatus().writeAllowed(), t.suspension(), t.plan(), t.contact(),
                t.regional(), t.features(), t.version(), t.createdAt(), t.updatedAt(), t.deletedAt());
    }
}
