package org.atrium.tenancy;

import org.jspecify.annotations.Nullable;

/** Filters for listing tenants; {@code q} searches name and slug. */
public record TenantQuery(@Nullable TenantStatus status, @Nullable String plan, @Nullable String q, boolean deleted) {
}
