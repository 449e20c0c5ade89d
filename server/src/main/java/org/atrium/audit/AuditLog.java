package org.atrium.audit;

import java.util.List;

import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;

/** Writes and reads the audit log. */
public interface AuditLog {

    /**
     * Records an entry as part of the current transaction: it is written when, and only if, the transaction commits.
     * Outside a transaction it is written at once.
     */
    void record(AuditEntry entry);

    PageResponse<AuditEvent> find(AuditQuery query, PageRequest page);

    /** All events of one type for one target, oldest first (for tests and the console's history views). */
    List<AuditEvent> history(String target);

    /** Recomputes the hash chain and names the first row that does not match. */
    ChainVerification verify();
}
