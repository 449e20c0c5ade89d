package org.atrium.payments;

import java.time.Instant;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;

/**
 * A change of a recharge, published inside the transaction that made it (through the event publication registry:
 * never lost once committed, never sent when rolled back). Every event names the tenant, the recharge (its
 * reference, gateway and amount), its status after the change and when it happened on the platform clock. Outgoing
 * webhooks map {@link #type()} to their {@code type}.
 */
public sealed interface RechargeEvent permits RechargePaid, RechargeClosed, RechargeFlagged, RechargeRefunded,
        AutoTopUpFailed {

    TenantId tenantId();

    String tenantSlug();

    /** {@code rch_…}, the recharge's reference (and the ledger reference of its credit). */
    String reference();

    Gateway gateway();

    /** The recharge's amount, as the tenant asked for it. */
    Money amount();

    RechargeStatus status();

    Instant occurredAt();

    /** {@code recharge.paid}, {@code recharge.failed} …: the type webhooks carry. */
    String type();
}
