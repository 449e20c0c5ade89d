package org.atrium.subscriptions.internal;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

import javax.sql.DataSource;

import org.atrium.operations.Settings;
import org.atrium.subscriptions.LifecycleRuns;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

/**
 * The daily lifecycle run at {@code atrium.lifecycle.run-at} (default 01:00) in the platform timezone, executed
 * exactly once across nodes by db-scheduler on PostgreSQL.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "atrium.scheduler.enabled", havingValue = "true", matchIfMissing = true)
class LifecycleSchedule {

    @Bean(destroyMethod = "stop")
    Scheduler lifecycleScheduler(DataSource dataSource, LifecycleRuns runs, Settings settings,
            @Value("${atrium.lifecycle.run-at:01:00}") LocalTime runAt) {
        ZoneId zone = ZoneId.of(settings.current().defaultTimezone());
        RecurringTask<Void> daily = Tasks.recurring("lifecycle-daily", Schedules.daily(zone, runAt))
                .execute((instance, context) -> runs.run(false));
        Scheduler scheduler = Scheduler.create(dataSource).startTasks(daily).threads(1)
                .pollingInterval(Duration.ofSeconds(30)).build();
        scheduler.start();
        return scheduler;
    }
}
