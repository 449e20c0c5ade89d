package org.atrium.tenancy;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A switch in the owner's catalogue: a key a tenant's {@code features} may hold, what it means, and the value a new
 * tenant gets. {@code tenantEditable} says whether the tenant's own admins may change it (staff always may).
 */
public record FeatureSwitch(String key, String name, @Nullable String description, boolean defaultValue,
        boolean tenantEditable, Instant createdAt, Instant updatedAt) {
}
