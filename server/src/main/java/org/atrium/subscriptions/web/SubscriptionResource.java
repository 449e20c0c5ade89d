package org.atrium.subscriptions.web;

import java.util.Optional;

import org.atrium.platform.TenantId;
import org.atrium.platform.web.ApiResource;
import org.atrium.subscriptions.Subscriptions;
import org.springframework.stereotype.Component;

/** A tenant's subscription as {@code GET /api/v1/tenants/{slug}/subscription} answers it. */
@Component
class SubscriptionResource implements ApiResource {

    private final Subscriptions subscriptions;

    SubscriptionResource(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @Override
    public String kind() {
        return "subscription";
    }

    @Override
    public Optional<Object> find(TenantId tenant, String key) {
        return subscriptions.find(tenant).map(s -> s);
    }
}
