package org.atrium.audit;

/**
 * A place outside the database where signed checkpoints are published. Atrium writes every checkpoint to an
 * append-only file in the data directory and to the log, and to syslog when configured; another destination (an
 * object store with write-once retention, a transparency log) is added as a Spring bean implementing this.
 * <p>
 * A sink that fails throws; the others are still tried, and the failure is logged and reported by the checkpoint
 * run.
 */
public interface AuditCheckpointSink {

    /** A short name for logs ({@code file}, {@code syslog}). */
    String name();

    /**
     * Publishes one checkpoint.
     *
     * @param checkpoint the checkpoint
     * @param jsonLine   the same as one line of JSON, without a line break: what the file holds
     */
    void publish(AuditCheckpoint checkpoint, String jsonLine) throws Exception;
}
