package org.atrium.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.atrium.support.AtriumIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.EnableScenarios;
import org.springframework.modulith.test.Scenario;

/** Creating a tenant, changing its status or its plan, or deleting it announces it with the tenant's id and slug and when. */
@AtriumIntegrationTest
@EnableScenarios
class TenantEventsIntegrationTests {

    @Autowired
    TenantAdministration administration;

    @Autowired
    Tenants tenants;

    private static TenantDraft draft(String slug) {
        return new TenantDraft(slug, "Tenant " + slug, null, "starter", null, "admin@" + slug + ".test", null, null,
                null);
    }

    private static String slug(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void creatingATenantPublishesTenantCreatedInTrial(Scenario scenario) {
        String slug = slug("ev-created");
        scenario.stimulate(() -> administration.create(draft(slug)))
                .andWaitForEventOfType(TenantCreated.class)
                .matchingMappedValue(TenantCreated::slug, slug)
                .toArriveAndVerify((event, tenant) -> {
                    assertThat(event.tenantId()).isEqualTo(tenant.id());
                    assertThat(event.plan()).isEqualTo("starter");
                    assertThat(event.status()).isEqualTo(TenantStatus.TRIAL);
                    assertThat(event.currency()).isEqualTo(tenant.regional().currency());
                    assertThat(event.occurredAt()).isEqualTo(tenant.createdAt());
                });
    }

    @Test
    void aSuspensionByStaffPublishesTenantStatusChangedWithItsReason(Scenario scenario) {
        Tenant tenant = administration.create(draft(slug("ev-suspended")));
        scenario.stimulate(() -> administration.suspend(tenant.slug(), " Chargeback "))
                .andWaitForEventOfType(TenantStatusChanged.class)
                .matchingMappedValue(TenantStatusChanged::tenantId, tenant.id())
                .toArriveAndVerify((event, suspended) -> {
                    assertThat(event.slug()).isEqualTo(tenant.slug());
                    assertThat(event.from()).isEqualTo(TenantStatus.TRIAL);
                    assertThat(event.to()).isEqualTo(TenantStatus.SUSPENDED);
                    assertThat(event.reason()).isEqualTo("Chargeback");
                    assertThat(event.occurredAt()).isEqualTo(suspended.suspension().since());
                });
    }

    @Test
    void aNewPlanPublishesTenantPlanChangedFromTheOldSlugToTheNew(Scenario scenario) {
        Tenant tenant = administration.create(draft(slug("ev-plan")));
        scenario.stimulate(() -> tenants.changeStatus(tenant.id(), TenantStatus.ACTIVE, "growth"))
                .andWaitForEventOfType(TenantPlanChanged.class)
                .matchingMappedValue(TenantPlanChanged::tenantId, tenant.id())
                .toArriveAndVerify((event, changed) -> {
                    assertThat(event.slug()).isEqualTo(tenant.slug());
                    assertThat(event.from()).isEqualTo("starter");
                    assertThat(event.to()).isEqualTo("growth");
                    assertThat(event.occurredAt()).isEqualTo(changed.updatedAt());
                });
    }

    @Test
    void deletingATenantPublishesTenantDeletedWithTheStatusItHad(Scenario scenario) {
        Tenant tenant = administration.create(draft(slug("ev-deleted")));
        scenario.stimulate(() -> administration.delete(tenant.slug()))
                .andWaitForEventOfType(TenantDeleted.class)
                .matchingMappedValue(TenantDeleted::tenantId, tenant.id())
                .toArriveAndVerify((event, deleted) -> {
                    assertThat(event.slug()).isEqualTo(tenant.slug());
                    assertThat(event.status()).isEqualTo(TenantStatus.TRIAL);
                    assertThat(event.occurredAt()).isEqualTo(deleted.deletedAt());
                });
    }
}
