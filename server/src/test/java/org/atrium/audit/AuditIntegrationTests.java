package org.atrium.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.atrium.platform.TenantId;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;

@AtriumIntegrationTest
class AuditIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Test
    void databaseRefusesToChangeOrRemoveAuditRows() {
        audit.record(AuditEntry.of("test.recorded", null, "immutable-" + UUID.randomUUID(), null, java.util.Map.of("a", 1)));
        assertThatThrownBy(() -> jdbc.sql("update audit_events set event_type = 'tampered'").update())
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_events").update()).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("truncate audit_events").update()).rootCause().hasMessageContaining("append-only");
    }

    @Test
    void entriesOfARolledBackTransactionAreNotWritten() {
        String target = "rolled-back-" + UUID.randomUUID();
        tx.executeWithoutResult(status -> {
            audit.record(AuditEntry.of("test.recorded", null, target, null, null));
            status.setRollbackOnly();
        });
        assertThat(audit.history(target)).isEmpty();
    }

    @Test
    void chainVerifiesAndNamesTheFirstTamperedRow() {
        TenantId tenant = TenantId.of(UUID.randomUUID());
        for (int i = 0; i < 3; i++) {
            audit.record(AuditEntry.of("test.chained", tenant, "chain-" + i, null, java.util.Map.of("i", i)));
        }
        Api api = Api.asRoot(port);
        JsonNode ok = api.post("/api/v1/audit-events/verify").json();
        assertThat(ok.get("valid").asBoolean()).isTrue();
        assertThat(ok.get("checkedRows").asLong()).isGreaterThanOrEqualTo(3);

        long victim = jdbc.sql("select seq from audit_events where target = 'chain-1' order by seq desc limit 1")
                .query(Long.class).single();
        // A privileged tamperer disables the guard trigger, edits a row and puts the guard back.
        tx.executeWithoutResult(status -> {
            jdbc.sql("alter table audit_events disable trigger audit_events_no_update").update();
            jdbc.sql("update audit_events set after_state = '{\"i\": 42}' where seq = :seq").param("seq", victim).update();
            jdbc.sql("alter table audit_events enable trigger audit_events_no_update").update();
        });
        try {
            JsonNode broken = api.post("/api/v1/audit-events/verify").json();
            assertThat(broken.get("valid").asBoolean()).isFalse();
            assertThat(broken.get("firstBadSeq").asLong()).isEqualTo(victim);
        } finally {
            tx.executeWithoutResult(status -> {
                jdbc.sql("alter table audit_events disable trigger audit_events_no_update").update();
                jdbc.sql("update audit_events set after_state = '{\"i\": 1}' where seq = :seq").param("seq", victim).update();
                jdbc.sql("alter table audit_events enable trigger audit_events_no_update").update();
            });
        }
        assertThat(api.post("/api/v1/audit-events/verify").json().get("valid").asBoolean()).isTrue();
    }

    @Test
    void listsEventsFilteredByTenantAndType() {
        TenantId tenant = TenantId.of(UUID.randomUUID());
        audit.record(AuditEntry.of("test.one", tenant, "x", null, null));
        audit.record(AuditEntry.of("test.two", tenant, "y", null, null));
        audit.record(AuditEntry.of("test.one", TenantId.of(UUID.randomUUID()), "z", null, null));
        JsonNode page = Api.asRoot(port).get("/api/v1/audit-events?tenantId=" + tenant + "&type=test.one").json();
        assertThat(page.get("totalItems").asLong()).isEqualTo(1);
        assertThat(page.get("items").get(0).get("target").asString()).isEqualTo("x");
        assertThat(Api.anonymous(port).get("/api/v1/audit-events").status()).isEqualTo(401);
    }
}
