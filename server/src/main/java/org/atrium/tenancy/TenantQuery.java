package org.atrium.tenancy;

import java.time.Instant;
import java.util.Set;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * Filters for listing tenants; all optional but {@code deleted}.
 *
 * @param q           searches name, legal name, slug and the contact and billing emails (the tenant admin's email
 *                    is the contact email unless another was given)
 * @param createdFrom inclusive
 * @param createdTo   exclusive
 * @param among       only these tenants (a filter another module answered, such as wallets below a balance); an
 *                    empty set matches nothing
 */
public record TenantQuery(@Nullable TenantStatus status, @Nullable String plan, @Nullable String q, boolean deleted,
        @Nullable Instant createdFrom, @Nullable Instant createdTo, @Nullable Set<TenantId> among) {

    public TenantQuery(@Nullable TenantStatus status, @Nullable String plan, @Nullable String q, boolean deleted) {
        this(status, plan, q, deleted, null, null, null);
    }
}
