package org.atrium.entitlements.internal;

import java.util.UUID;

import org.atrium.catalog.PlanChanged;
import org.atrium.metering.Metering;
import org.atrium.metering.UsageThresholdCrossed;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.TenantPlanChanged;
import org.atrium.tenancy.TenantStatusChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Drops cached entitlements when what they were made of changes: a plan edit, an override, a status change, usage
 * reaching a limit. The change is applied on this node after its transaction commits (so that nothing reloads the
 * old state in between) and sent to the other nodes over the {@link InvalidationBus}.
 */
@Component
class CacheInvalidation {

    private static final Logger log = LoggerFactory.getLogger(CacheInvalidation.class);
    private static final String ALL = "all";
    private static final String TENANT = "tenant:";

    private final RulesCache rules;
    private final PlanRules plans;
    private final Metering metering;
    private final InvalidationBus bus;
    private final org.atrium.catalog.Catalog catalog;

    CacheInvalidation(RulesCache rules, PlanRules plans, Metering metering, InvalidationBus bus,
            org.atrium.catalog.Catalog catalog) {
        this.catalog = catalog;
        this.rules = rules;
        this.plans = plans;
        this.metering = metering;
        this.bus = bus;
        bus.subscribe(this::receive);
        log.info("Entitlement caches are invalidated across nodes over {}", bus.transport());
    }

    /** A tenant's entitlements changed in the current transaction (or just now, outside one). */
    public void tenantChanged(TenantId tenant) {
        afterCommit(() -> {
            forgetTenant(tenant);
            bus.publish(TENANT + tenant.value());
        });
        forgetTenant(tenant);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(TenantStatusChanged event) {
        forgetTenant(event.tenantId());
        bus.publish(TENANT + event.tenantId().value());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(TenantPlanChanged event) {
        forgetTenant(event.tenantId());
        bus.publish(TENANT + event.tenantId().value());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(PlanChanged event) {
        forgetAll();
        bus.publish(ALL);
    }

    /** Reaching a limit changes answers on every node that still holds the old usage. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(UsageThresholdCrossed event) {
        if (event.threshold() >= 100) {
            forgetTenant(event.tenantId());
            bus.publish(TENANT + event.tenantId().value());
        }
    }

    void receive(String message) {
        if (ALL.equals(message)) {
            forgetAll();
        } else if (message.startsWith(TENANT)) {
            try {
                forgetTenant(TenantId.of(UUID.fromString(message.substring(TENANT.length()))));
            } catch (IllegalArgumentException e) {
                log.warn("Ignoring malformed invalidation message '{}'", message);
            }
        } else if (!message.startsWith(TopicInvalidations.PREFIX)) {
            log.warn("Ignoring unknown invalidation message '{}'", message);
        }
    }

    private void forgetTenant(TenantId tenant) {
        rules.evict(tenant);
        metering.forget(tenant);
    }

    private void forgetAll() {
        catalog.refresh();
        plans.clear();
        rules.evictAll();
    }

    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }
}
