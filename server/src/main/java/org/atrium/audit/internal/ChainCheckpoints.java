package org.atrium.audit.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.atrium.audit.AuditCheckpoint;
import org.atrium.audit.AuditCheckpointSink;
import org.atrium.audit.AuditCheckpoints;
import org.atrium.audit.ChainVerification;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.ObjectMapper;

/**
 * Takes signed checkpoints of the chain's head and compares the chain with them. A checkpoint is trusted only when
 * its signature verifies under this installation's key; the ones compared are those of the checkpoint file (outside
 * the database, the anchor) together with those of the {@code audit_checkpoints} table (so a node sees the
 * checkpoints other nodes took), duplicates removed.
 */
class ChainCheckpoints implements AuditCheckpoints {

    private static final Logger log = LoggerFactory.getLogger(ChainCheckpoints.class);
    static final Set<String> OCCASIONS = Set.of("hourly", "shutdown", "manual");

    private static final RowMapper<AuditCheckpoint> ROWS = (rs, n) -> new AuditCheckpoint(rs.getLong("sequence"),
            rs.getString("hash"), rs.getTimestamp("checkpointed_at").toInstant(), rs.getString("key_id"),
            rs.getString("signature"), rs.getString("occasion"));

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ObjectMapper json;
    private final CheckpointSigner signer;
    private final FileCheckpointSink file;
    private final List<AuditCheckpointSink> sinks;

    ChainCheckpoints(JdbcClient jdbc, TransactionTemplate tx, Clock clock, ObjectMapper json, CheckpointSigner signer,
            FileCheckpointSink file, List<AuditCheckpointSink> sinks) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.json = json;
        this.signer = signer;
        this.file = file;
        this.sinks = List.copyOf(sinks);
    }

    @Override
    public Optional<AuditCheckpoint> checkpoint(String occasion) {
        if (!OCCASIONS.contains(occasion)) {
            throw new IllegalArgumentException("Unknown checkpoint occasion " + occasion);
        }
        Instant at = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String slot = occasion.equals("hourly") ? "hourly:" + at.truncatedTo(ChronoUnit.HOURS) : null;
        Optional<AuditCheckpoint> taken = tx.execute(status -> {
            Optional<Head> head = jdbc.sql("select seq, hash from audit_events order by seq desc limit 1")
                    .query((rs, n) -> new Head(rs.getLong("seq"), rs.getString("hash"))).optional();
            if (head.isEmpty()) {
                return Optional.<AuditCheckpoint>empty();
            }
            byte[] message = AuditCheckpoint.signedBytes(head.get().seq(), head.get().hash(), at);
            AuditCheckpoint checkpoint = new AuditCheckpoint(head.get().seq(), head.get().hash(), at, signer.keyId(),
                    java.util.Base64.getEncoder().encodeToString(signer.sign(message)), occasion);
            int inserted = jdbc.sql("""
                    insert into audit_checkpoints (sequence, hash, checkpointed_at, key_id, signature, occasion, slot)
                    values (:sequence, :hash, :at, :keyId, :signature, :occasion, :slot)
                    on conflict (slot) do nothing
                    """).param("sequence", checkpoint.sequence()).param("hash", checkpoint.hash())
                    .param("at", Timestamp.from(at)).param("keyId", checkpoint.keyId())
                    .param("signature", checkpoint.signature()).param("occasion", occasion).param("slot", slot)
                    .update();
            return inserted == 1 ? Optional.of(checkpoint) : Optional.<AuditCheckpoint>empty();
        });
        if (taken == null || taken.isEmpty()) {
            return Optional.empty();
        }
        publish(taken.get());
        return taken;
    }

    /** Every sink is tried; a failure of one is logged and, after the others, reported. */
    private void publish(AuditCheckpoint checkpoint) {
        String line = json.writeValueAsString(checkpoint);
        List<String> failed = new ArrayList<>();
        for (AuditCheckpointSink sink : sinks) {
            try {
                sink.publish(checkpoint, line);
            } catch (Exception e) {
                log.error("Could not publish audit checkpoint {} to {}", checkpoint.sequence(), sink.name(), e);
                failed.add(sink.name() + " (" + e.getMessage() + ")");
            }
        }
        if (!failed.isEmpty()) {
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "checkpoint-not-published",
                    "The audit checkpoint of row " + checkpoint.sequence()
                            + " was recorded but could not be published to " + String.join(", ", failed));
        }
    }

    @Override
    public PageResponse<AuditCheckpoint> list(PageRequest page) {
        long total = jdbc.sql("select count(*) from audit_checkpoints").query(Long.class).single();
        List<AuditCheckpoint> items = jdbc.sql("select * from audit_checkpoints order by " + page.orderBy()
                + ", id desc limit :limit offset :offset").param("limit", page.size()).param("offset", page.offset())
                .query(ROWS).list();
        return page.response(items, total);
    }

    @Override
    public SigningKey publicKey() {
        return signer.publicKey();
    }

    /**
     * Compares a chain that is consistent in itself with the checkpoints: the row at each checkpoint's sequence
     * must exist and have the checkpoint's hash. A rewrite that recomputed every later hash disagrees with the first
     * checkpoint at or after the rewritten row; removed newest rows leave the chain shorter than the newest
     * checkpoint. A checkpoint whose signature does not verify is a forgery, and reported as one.
     */
    ChainVerification compare(ChainVerification rows) {
        List<AuditCheckpoint> candidates = new ArrayList<>(file.readAll());
        candidates.addAll(jdbc.sql("select * from audit_checkpoints").query(ROWS).list());
        Map<String, AuditCheckpoint> unique = new LinkedHashMap<>();
        for (AuditCheckpoint c : candidates) {
            unique.putIfAbsent(c.sequence() + "|" + c.hash() + "|" + c.at() + "|" + c.signature(), c);
        }
        List<AuditCheckpoint> trusted = new ArrayList<>();
        for (AuditCheckpoint c : unique.values()) {
            if (signer.verifies(c)) {
                trusted.add(c);
            } else if (c.keyId().equals(signer.keyId())) {
                return new ChainVerification(false, rows.checkedRows(), rows.firstBadSeq(),
                        "a checkpoint of row %d taken at %s carries a signature that does not verify: it was forged or altered"
                                .formatted(c.sequence(), c.at()), null, 0, null);
            } else {
                log.debug("Audit checkpoint of row {} was signed by another key ({}); not compared", c.sequence(),
                        c.keyId());
            }
        }
        if (trusted.isEmpty()) {
            return rows;
        }
        trusted.sort(Comparator.comparingLong(AuditCheckpoint::sequence).thenComparing(AuditCheckpoint::at));
        long newest = trusted.get(trusted.size() - 1).sequence();
        if (!rows.valid()) {
            return new ChainVerification(false, rows.checkedRows(), rows.firstBadSeq(), rows.reason(), null,
                    trusted.size(), newest);
        }
        Map<Long, String> actual = new java.util.HashMap<>();
        jdbc.sql("select seq, hash from audit_events where seq = any(:seqs)")
                .param("seqs", trusted.stream().map(AuditCheckpoint::sequence).distinct().toArray(Long[]::new))
                .query((rs, n) -> new Head(rs.getLong("seq"), rs.getString("hash"))).list()
                .forEach(head -> actual.put(head.seq(), head.hash()));
        long lastGood = 0;
        for (AuditCheckpoint c : trusted) {
            String hash = actual.get(c.sequence());
            if (hash == null) {
                // Checkpoints are in sequence order: the chain ends before this one (rows.checkedRows() is its end,
                // the rows being gap-free from 1), and every earlier checkpoint matched.
                AuditCheckpoint last = trusted.get(trusted.size() - 1);
                return new ChainVerification(false, rows.checkedRows(), rows.checkedRows() + 1,
                        "the chain ends at row %d but a checkpoint taken at %s records row %d: rows %d to %d were removed"
                                .formatted(rows.checkedRows(), last.at(), newest, rows.checkedRows() + 1, newest),
                        newest, trusted.size(), newest);
            }
            if (!hash.equals(c.hash())) {
                return new ChainVerification(false, rows.checkedRows(), lastGood + 1,
                        "row %d does not have the hash the checkpoint taken at %s recorded: at least one of rows %d to %d was changed or removed and the chain after it recomputed"
                                .formatted(c.sequence(), c.at(), lastGood + 1, c.sequence()),
                        c.sequence(), trusted.size(), newest);
            }
            lastGood = c.sequence();
        }
        return new ChainVerification(true, rows.checkedRows(), null, null, null, trusted.size(), newest);
    }

    private record Head(long seq, String hash) {
    }
}
