package org.atrium.developer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.atrium.metering.UsageThresholdCrossed;
import org.atrium.platform.TenantId;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.atrium.tenancy.Tenants;
import org.atrium.wallet.LedgerRequest;
import org.atrium.wallet.LedgerType;
import org.atrium.wallet.Wallets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The webhook messages of a change are written in the change's transaction: one per event an endpoint wants, with
 * one delivery per such endpoint, all of a transaction's together; none for a change that rolled back or an event
 * nobody subscribed to. Nothing is sent here: the deliveries stay pending (the dispatcher is tested beside).
 */
@AtriumIntegrationTest
class WebhookOutboxIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Wallets wallets;

    @Autowired
    Tenants tenants;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEventPublisher publisher;

    private Api root() {
        return Api.asRoot(port);
    }

    /** A new tenant with an endpoint (never reached: nothing dispatches here) that wants {@code types}. */
    private TenantId tenantWithEndpoint(List<String> types) {
        String slug = Fixtures.tenantOn(root(), Fixtures.plan(root()).get("slug").asString()).get("slug").asString();
        Api.Response created = root().post("/api/v1/tenants/" + slug + "/webhook-endpoints",
                Map.of("url", "http://127.0.0.1:9/hook", "eventTypes", types));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return tenants.requireBySlug(slug).id();
    }

    private void credit(TenantId tenant, String amount, String reference) {
        wallets.credit(tenant, new LedgerRequest(LedgerType.MANUAL_CREDIT, new BigDecimal(amount), null, reference,
                "outbox test", null, Map.of()));
    }

    private List<String> messages(TenantId tenant, String type) {
        return jdbc.sql("select payload from webhook_messages where tenant_id = :tenant and event_type = :type"
                + " order by created_at").param("tenant", tenant.value()).param("type", type).query(String.class)
                .list();
    }

    private long pendingDeliveries(TenantId tenant) {
        return jdbc.sql("select count(*) from webhook_deliveries where tenant_id = :tenant and status = 'pending'")
                .param("tenant", tenant.value()).query(Long.class).single();
    }

    @Test
    void everyEventOfOneTransactionIsOneMessageWithOneDeliveryPerEndpoint() {
        TenantId tenant = tenantWithEndpoint(List.of("wallet.credited"));
        String first = "outbox-" + UUID.randomUUID();
        String second = "outbox-" + UUID.randomUUID();
        tx.executeWithoutResult(status -> {
            credit(tenant, "3.00", first);
            credit(tenant, "4.00", second);
            // Written when the transaction commits, not before.
            assertThat(messages(tenant, "wallet.credited")).isEmpty();
        });
        List<String> written = messages(tenant, "wallet.credited");
        assertThat(written).hasSize(2);
        assertThat(written).filteredOn(m -> m.contains(first)).hasSize(1);
        assertThat(written).filteredOn(m -> m.contains(second)).hasSize(1);
        assertThat(pendingDeliveries(tenant)).isEqualTo(2);
    }

    @Test
    void aChangeThatRollsBackLeavesNoMessage() {
        TenantId tenant = tenantWithEndpoint(List.of("wallet.credited"));
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
            credit(tenant, "5.00", "outbox-" + UUID.randomUUID());
            throw new IllegalStateException("the change fails after its event");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(messages(tenant, "wallet.credited")).isEmpty();
        assertThat(pendingDeliveries(tenant)).isZero();
    }

    @Test
    void anEventPublishedAfterTheCommitIsWrittenInATransactionOfItsOwn() {
        TenantId tenant = tenantWithEndpoint(List.of("usage.threshold_crossed"));
        String metric = "outbox_" + Fixtures.token();
        tx.executeWithoutResult(status -> TransactionSynchronizationManager.registerSynchronization(
                new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        // Resources of the finished transaction are still bound here; joining it would write into
                        // a transaction that never commits.
                        publisher.publishEvent(new UsageThresholdCrossed(tenant, metric, 80, 8, 10,
                                LocalDate.of(2026, 12, 1), LocalDate.of(2027, 1, 1)));
                    }
                }));
        // The one event without its tenant's slug: the outbox reads it.
        assertThat(messages(tenant, "usage.threshold_crossed")).singleElement().asString().contains(metric)
                .contains("\"tenant\":\"" + tenants.require(tenant).slug() + "\"");
        assertThat(pendingDeliveries(tenant)).isEqualTo(1);
    }

    @Test
    void anEventNoEndpointWantsIsNotWritten() {
        TenantId tenant = tenantWithEndpoint(List.of("invoice.refunded"));
        credit(tenant, "6.00", "outbox-" + UUID.randomUUID());
        assertThat(messages(tenant, "wallet.credited")).isEmpty();
        assertThat(pendingDeliveries(tenant)).isZero();
    }
}
