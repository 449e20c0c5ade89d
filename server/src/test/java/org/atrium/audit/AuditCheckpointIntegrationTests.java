package org.atrium.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;

/**
 * The audit chain against its signed checkpoints, attacked the way a database superuser could (the test's connection
 * is one): rewriting a row and recomputing every later hash, removing the newest rows, clearing the checkpoint
 * table, forging a checkpoint row. In an application and database of their own, because they tamper with the chain;
 * each test puts the chain back as it was.
 */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.audit.checkpoints.on-shutdown=false")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AuditCheckpointIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Value("${atrium.audit.data-dir}")
    Path dataDir;

    Api api;

    @BeforeEach
    void setUp() {
        api = Api.asRoot(port);
        assertThat(verify().get("valid").asBoolean()).as("the chain is intact before each test").isTrue();
    }

    @Test
    void aRowRewrittenWithEveryLaterHashRecomputedIsFoundBetweenTheTwoCheckpointsAroundIt() {
        record(5);
        long a = checkpoint();
        record(4);
        long b = checkpoint();
        // Four rows were added between the two checkpoints, and nothing else writes audit rows meanwhile.
        assertThat(b).isEqualTo(a + 4);
        record(2);
        JsonNode intact = verify();
        assertThat(intact.get("valid").asBoolean()).isTrue();
        assertThat(intact.get("lastCheckpointSequence").asLong()).isEqualTo(b);
        assertThat(intact.get("checkedCheckpoints").asInt()).isGreaterThanOrEqualTo(2);

        long victim = a + 2;
        String original = jdbc.sql("select after_state::text from audit_events where seq = :seq").param("seq", victim)
                .query(String.class).single();
        List<Map<String, Object>> savedCheckpoints = jdbc.sql("select * from audit_checkpoints").query().listOfRows();
        asSuperuser(() -> {
            jdbc.sql("update audit_events set after_state = '{\"i\": 999}' where seq = :seq").param("seq", victim)
                    .update();
            recomputeFrom(victim);
            // The tamperer clears the database's copy of the checkpoints too; the file outside it still has them.
            jdbc.sql("delete from audit_checkpoints").update();
        });
        try {
            JsonNode broken = verify();
            assertThat(broken.get("valid").asBoolean()).isFalse();
            // The rows are consistent in themselves (every hash recomputed), so the first row that may be bad is the
            // one after the last checkpoint that still matches (a), and the range ends at the first that does not (b).
            assertThat(broken.get("firstBadSeq").asLong()).isEqualTo(a + 1);
            assertThat(broken.get("lastBadSeq").asLong()).isEqualTo(b);
            assertThat(broken.get("lastCheckpointSequence").asLong()).isEqualTo(b);
            assertThat(broken.get("reason").asString()).contains("row " + b, "rows " + (a + 1) + " to " + b,
                    "recomputed");
        } finally {
            asSuperuser(() -> {
                jdbc.sql("update audit_events set after_state = cast(:original as jsonb) where seq = :seq")
                        .param("original", original).param("seq", victim).update();
                recomputeFrom(victim);
                for (Map<String, Object> row : savedCheckpoints) {
                    jdbc.sql("""
                            insert into audit_checkpoints (id, sequence, hash, checkpointed_at, key_id, signature,
                                                           occasion, slot)
                            overriding system value
                            values (:id, :sequence, :hash, :checkpointed_at, :key_id, :signature, :occasion, :slot)
                            """).params(row).update();
                }
            });
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void theNewestRowsRemovedAfterACheckpointAreReportedAsTruncation() {
        record(3);
        long c = checkpoint();
        asSuperuser(() -> {
            jdbc.sql("drop table if exists audit_removed").update();
            jdbc.sql("create table audit_removed as select * from audit_events where seq >= :from")
                    .param("from", c - 1).update();
            jdbc.sql("delete from audit_events where seq >= :from").param("from", c - 1).update();
            jdbc.sql("delete from audit_checkpoints").update();
        });
        try {
            JsonNode broken = verify();
            assertThat(broken.get("valid").asBoolean()).isFalse();
            // Rows c-1 and c are gone: the chain ends at c-2, consistent in itself, shorter than the checkpoint.
            assertThat(broken.get("checkedRows").asLong()).isEqualTo(c - 2);
            assertThat(broken.get("firstBadSeq").asLong()).isEqualTo(c - 1);
            assertThat(broken.get("lastBadSeq").asLong()).isEqualTo(c);
            assertThat(broken.get("lastCheckpointSequence").asLong()).isEqualTo(c);
            assertThat(broken.get("reason").asString()).contains("ends at row " + (c - 2),
                    "rows " + (c - 1) + " to " + c + " were removed");
        } finally {
            asSuperuser(() -> {
                jdbc.sql("insert into audit_events select * from audit_removed").update();
                jdbc.sql("drop table audit_removed").update();
            });
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void aCheckpointRowWithASignatureThatDoesNotVerifyIsReportedAsForged() {
        record(1);
        JsonNode real = api.post("/api/v1/audit-events/checkpoints").json();
        String keyId = real.get("keyId").asString();
        // A checkpoint claiming the chain ended earlier, under this installation's key id, with a made-up signature.
        jdbc.sql("""
                insert into audit_checkpoints (sequence, hash, checkpointed_at, key_id, signature, occasion)
                values (1, 'forged', now(), :keyId, :signature, 'manual')
                """).param("keyId", keyId).param("signature", Base64.getEncoder().encodeToString(new byte[64]))
                .update();
        try {
            JsonNode broken = verify();
            assertThat(broken.get("valid").asBoolean()).isFalse();
            assertThat(broken.get("reason").asString()).contains("checkpoint of row 1", "does not verify");
        } finally {
            asSuperuser(() -> jdbc.sql("delete from audit_checkpoints where hash = 'forged'").update());
        }
    }

    @Test
    void checkpointsAreWrittenToTheFileAndVerifyWithThePublishedPublicKey() throws Exception {
        record(2);
        JsonNode taken = api.post("/api/v1/audit-events/checkpoints").json();
        long head = jdbc.sql("select max(seq) from audit_events").query(Long.class).single();
        assertThat(taken.get("sequence").asLong()).isEqualTo(head);
        assertThat(taken.get("occasion").asString()).isEqualTo("manual");

        JsonNode key = api.get("/api/v1/audit-events/checkpoints/public-key").json();
        assertThat(key.get("algorithm").asString()).isEqualTo("Ed25519");
        assertThat(key.get("keyId").asString()).isEqualTo(taken.get("keyId").asString());
        PublicKey publicKey = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(key.get("spkiBase64").asString())));

        // The newest line of the file, checked as the README tells an auditor to.
        List<String> lines = Files.readAllLines(dataDir.resolve("audit-checkpoints.jsonl"));
        JsonNode line = Api.JSON.readTree(lines.get(lines.size() - 1));
        assertThat(line.get("sequence").asLong()).isEqualTo(head);
        String message = "atrium-audit-checkpoint|v1|" + line.get("sequence").asLong() + "|"
                + line.get("hash").asString() + "|" + line.get("at").asString();
        assertThat(verifies(publicKey, message, line.get("signature").asString())).isTrue();
        assertThat(verifies(publicKey, message.replace("|v1|" + head + "|", "|v1|" + (head - 1) + "|"),
                line.get("signature").asString())).isFalse();

        JsonNode listed = api.get("/api/v1/audit-events/checkpoints?size=1").json();
        assertThat(listed.get("items").get(0).get("sequence").asLong()).isEqualTo(head);
        assertThat(listed.get("items").get(0).get("signature").asString()).isEqualTo(line.get("signature").asString());
        assertThat(Api.anonymous(port).get("/api/v1/audit-events/checkpoints/public-key").status()).isEqualTo(401);
    }

    private void record(int count) {
        for (int i = 0; i < count; i++) {
            audit.record(AuditEntry.of("test.checkpointed", null, "cp-" + UUID.randomUUID(), null, Map.of("i", i)));
        }
    }

    private long checkpoint() {
        Api.Response taken = api.post("/api/v1/audit-events/checkpoints");
        assertThat(taken.status()).as(taken.toString()).isEqualTo(201);
        return taken.json().get("sequence").asLong();
    }

    private JsonNode verify() {
        return api.post("/api/v1/audit-events/verify").json();
    }

    /** What a superuser can do: with replication role "replica", ordinary triggers (the guards) do not fire. */
    private void asSuperuser(Runnable tampering) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("set local session_replication_role = replica").update();
            tampering.run();
        });
    }

    /** Recomputes the chain from a row on, as the insert trigger computes it: sha256(prev_hash | content). */
    private void recomputeFrom(long seq) {
        long last = jdbc.sql("select max(seq) from audit_events").query(Long.class).single();
        String prev = jdbc.sql("select hash from audit_events where seq = :seq").param("seq", seq - 1)
                .query(String.class).single();
        for (long s = seq; s <= last; s++) {
            prev = jdbc.sql("""
                    update audit_events
                    set prev_hash = :prev,
                        hash = encode(sha256(convert_to(:prev || '|' || audit_event_content(audit_events), 'UTF8')), 'hex')
                    where seq = :seq
                    returning hash
                    """).param("prev", prev).param("seq", s).query(String.class).single();
        }
    }

    private static boolean verifies(PublicKey key, String message, String signature) throws Exception {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(message.getBytes(StandardCharsets.UTF_8));
        return verifier.verify(Base64.getDecoder().decode(signature));
    }
}
