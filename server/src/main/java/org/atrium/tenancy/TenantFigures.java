package org.atrium.tenancy;

import java.util.Map;

/** Platform-wide counts of tenants, for the HQ's figures (staff only). */
public interface TenantFigures {

    /** Tenants that are not deleted, by lifecycle status; a status no tenant is in is absent. */
    Map<TenantStatus, Long> countByStatus();
}
