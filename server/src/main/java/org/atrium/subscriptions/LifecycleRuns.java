package org.atrium.subscriptions;

import java.util.List;

/**
 * The daily lifecycle run, which the scheduler starts once a day across all nodes: trial ends, renewals from the
 * wallet, grace periods, read-only, expiry, then the dunning of overdue invoices. Running it again the same day
 * changes nothing; every charge carries an idempotency key of the period it pays for.
 */
public interface LifecycleRuns {

    /**
     * Runs every rule due now for every tenant (a tenant on a test clock of its own at its own time), or with
     * {@code dryRun} only says what it would do; returns what was done, or would be.
     */
    List<LifecycleAction> run(boolean dryRun);
}
