package org.atrium.audit.internal;

import org.atrium.audit.AuditCheckpoint;
import org.atrium.audit.AuditCheckpointSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every checkpoint as a line of the log ({@code atrium.audit.checkpoint}), for log shipping off the host. */
final class LogCheckpointSink implements AuditCheckpointSink {

    private static final Logger log = LoggerFactory.getLogger("atrium.audit.checkpoint");

    @Override
    public String name() {
        return "log";
    }

    @Override
    public void publish(AuditCheckpoint checkpoint, String jsonLine) {
        log.info("Audit checkpoint {}", jsonLine);
    }
}
