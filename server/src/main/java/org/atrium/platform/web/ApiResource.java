package org.atrium.platform.web;

import java.util.Optional;

import org.atrium.platform.TenantId;

/**
 * One kind of API resource as its {@code GET} answers it, for a module that must show the same JSON without
 * depending on the module that owns it: the outgoing webhooks' {@code data}. A module's web layer declares a bean of
 * this type beside its controller and builds the answer with the controller's own view, so the two cannot drift
 * apart.
 */
public interface ApiResource {

    /** The kind, as webhook event types name it: {@code tenant}, {@code subscription}, {@code invoice} … */
    String kind();

    /**
     * The resource of {@code tenant} with this key (an invoice number, a wallet reference, a recharge reference; the
     * tenant's slug for the tenant and its subscription), as it is now; empty when there is none.
     */
    Optional<Object> find(TenantId tenant, String key);
}
