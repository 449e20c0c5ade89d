package org.atrium.metering;

import java.util.OptionalLong;

import org.atrium.platform.TenantId;

/**
 * Where metering learns a tenant's limit on a metric, to announce 80 % and 100 %. Implemented by the module that
 * knows plans and overrides ({@code entitlements}), so that metering does not depend on it.
 */
public interface UsageLimits {

    /** The effective limit; {@code -1} for unlimited; empty when the tenant's plan does not include the metric. */
    OptionalLong limit(TenantId tenant, String metric);
}
