package org.atrium.audit.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * When checkpoints are taken: at the top of every hour ({@code atrium.audit.checkpoints.cron}), on every node that
 * runs scheduled jobs ({@code atrium.scheduler.enabled}) but recorded once (the first node to claim the hour's slot takes it), and when the application shuts down gracefully,
 * after the web server has stopped taking requests (the lowest lifecycle phase stops last) and while the database is
 * still open.
 */
@Component
class CheckpointSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CheckpointSchedule.class);

    private final ChainCheckpoints checkpoints;
    private final boolean scheduled;
    private final boolean onShutdown;
    private volatile boolean running;

    CheckpointSchedule(ChainCheckpoints checkpoints, @Value("${atrium.scheduler.enabled:true}") boolean scheduled,
            @Value("${atrium.audit.checkpoints.on-shutdown:true}") boolean onShutdown) {
        this.checkpoints = checkpoints;
        this.scheduled = scheduled;
        this.onShutdown = onShutdown;
    }

    @Scheduled(cron = "${atrium.audit.checkpoints.cron:0 0 * * * *}")
    void hourly() {
        if (!scheduled) {
            return;
        }
        try {
            checkpoints.checkpoint("hourly").ifPresent(c -> log.debug("Hourly audit checkpoint of row {}", c.sequence()));
        } catch (RuntimeException e) {
            log.error("The hourly audit checkpoint failed", e);
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (!onShutdown) {
            return;
        }
        try {
            checkpoints.checkpoint("shutdown").ifPresent(c -> log.info("Audit checkpoint on shutdown: row {}, {}",
                    c.sequence(), c.hash()));
        } catch (RuntimeException e) {
            log.error("The audit checkpoint on shutdown failed", e);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
