package org.atrium.payments.internal;

import java.time.Duration;

import javax.sql.DataSource;

import org.atrium.payments.Recharging;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

/**
 * Retries confirmations that timed out: a db-scheduler task (once across nodes) that asks the gateways again about
 * recharges whose next attempt is due, with exponential backoff per recharge (30 s doubling up to 1 h), and sends
 * again the auto top-up charges Stripe did not answer (with the same idempotency key).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "atrium.scheduler.enabled", havingValue = "true", matchIfMissing = true)
class ConfirmationSchedule {

    @Bean(destroyMethod = "stop")
    Scheduler paymentsScheduler(DataSource dataSource, Recharging recharging, AutoTopUpService autoTopUps,
            @Value("${atrium.payments.confirm-retry.poll:15s}") Duration poll) {
        RecurringTask<Void> retries = Tasks.recurring("payments-confirm-retry", Schedules.fixedDelay(poll))
                .execute((instance, context) -> {
                    recharging.retryConfirmations();
                    autoTopUps.retryCharges();
                });
        Scheduler scheduler = Scheduler.create(dataSource).startTasks(retries).threads(1)
                .pollingInterval(poll).build();
        scheduler.start();
        return scheduler;
    }
}
