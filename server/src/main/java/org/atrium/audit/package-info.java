/**
 * The immutable audit log: who did what, when, from where, with the state before and after.
 * <p>
 * Rows are append-only (the database refuses UPDATE, DELETE and TRUNCATE) and hash-chained, so a changed or
 * removed row is found by {@link org.atrium.audit.AuditLog#verify()}. The chain's head is signed and published
 * outside the database ({@link org.atrium.audit.AuditCheckpoints}), so that a rewrite or truncation by someone who
 * controls the database disagrees with a checkpoint. Other modules write through
 * {@link org.atrium.audit.AuditLog#record}; nothing here knows about them.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit log", allowedDependencies = "platform")
@org.jspecify.annotations.NullMarked
package org.atrium.audit;
