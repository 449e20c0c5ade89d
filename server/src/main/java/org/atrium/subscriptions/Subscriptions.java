package org.atrium.subscriptions;

import java.util.Optional;

import org.atrium.platform.TenantId;

/** Reading subscriptions, for other modules (metering resets counters on the period the subscription defines). */
public interface Subscriptions {

    Optional<Subscription> find(TenantId tenant);

    Subscription require(TenantId tenant);
}
