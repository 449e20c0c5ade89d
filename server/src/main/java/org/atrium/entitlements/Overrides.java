package org.atrium.entitlements;

import java.time.LocalDate;
import java.util.List;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/** The owner's overrides of limits and features per tenant. Every change is audited and reaches every node. */
public interface Overrides {

    /** The tenant's overrides, expired ones included (they are simply no longer applied). */
    List<EntitlementOverride> list(TenantId tenant);

    /**
     * Sets (or replaces) an override: either {@code limit} for a metric key, or {@code enabled} for a feature.
     *
     * @param until the last tenant-local day it applies (inclusive), or null
     */
    EntitlementOverride put(TenantId tenant, String key, @Nullable Long limit, @Nullable Boolean enabled,
            @Nullable LocalDate until, String reason);

    /** Removes an override; a 404 problem when there is none. */
    void remove(TenantId tenant, String key, String reason);
}
