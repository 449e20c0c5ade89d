package org.atrium.payments.web;

import java.util.Optional;

import org.atrium.payments.Recharging;
import org.atrium.platform.TenantId;
import org.atrium.platform.web.ApiResource;
import org.springframework.stereotype.Component;

/** A recharge as {@code GET /api/v1/tenants/{slug}/recharges/{reference}} answers it. */
@Component
class RechargeResource implements ApiResource {

    private final Recharging recharging;

    RechargeResource(Recharging recharging) {
        this.recharging = recharging;
    }

    @Override
    public String kind() {
        return "recharge";
    }

    @Override
    public Optional<Object> find(TenantId tenant, String reference) {
        return recharging.find(tenant, reference).map(RechargeView::of);
    }
}
