package org.atrium.tenancy;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the owner gives to create a tenant (and the document a merge patch applies to when editing one).
 *
 * @param plan       plan slug; the default is {@code free}
 * @param cycle      billing cycle for the subscription, default monthly
 * @param adminEmail the tenant admin's email, also the contact email unless {@code contact.email} is given
 */
public record TenantDraft(@Nullable String slug, @Nullable String name, @Nullable String legalName,
        @Nullable String plan, @Nullable String cycle, @Nullable String adminEmail, Tenant.@Nullable Contact contact,
        @Nullable RegionalDraft regional, @Nullable Map<String, Boolean> features) {

    public record RegionalDraft(@Nullable String timezone, @Nullable String currency, @Nullable String locale) {
    }
}
