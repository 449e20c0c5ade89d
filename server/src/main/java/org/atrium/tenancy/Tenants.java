package org.atrium.tenancy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.atrium.platform.TenantId;

/** Finding tenants, and the lifecycle status changes other modules drive. */
public interface Tenants {

    /** A tenant that is not deleted, by slug. */
    Optional<Tenant> findBySlug(String slug);

    /** A tenant that is not deleted, or a 404 problem. */
    Tenant requireBySlug(String slug);

    /**
     * The id of a tenant that is not deleted, by slug, for requests that name a tenant. Slugs never change, so hits
     * are kept for a while (a deleted tenant's slug goes within 30 seconds); misses are not kept, so that a tenant
     * created a moment ago is found.
     */
    Optional<TenantId> findIdBySlug(String slug);

    /** A tenant by id, deleted or not. */
    Optional<Tenant> find(TenantId id);

    Tenant require(TenantId id);

    /**
     * Several tenants by id, deleted or not, with one query; ids without a tenant are absent. Nothing is kept
     * between calls: a caller that needs the same tenants several times reads them once here and passes them on.
     */
    Map<TenantId, Tenant> findAll(Collection<TenantId> ids);

    /**
     * Records a new lifecycle status (and the plan it is on), publishing {@link TenantStatusChanged} when it
     * differs. Called by the subscription lifecycle inside its own transaction.
     */
    Tenant changeStatus(TenantId id, TenantStatus status, String planSlug);

    /** One change of {@link #changeStatusAll}. */
    record StatusChange(TenantId id, TenantStatus status, String planSlug) {
    }

    /**
     * {@link #changeStatus} for several tenants: their rows are locked together, in id order, and the changed ones
     * written with one statement.
     */
    void changeStatusAll(List<StatusChange> changes);
}
