package org.atrium.branding.internal;

import java.time.LocalTime;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import org.atrium.branding.CustomDomains;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

/** Re-checks verified custom domains once a day, once across nodes (db-scheduler, as payments' retries do). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "atrium.scheduler.enabled", havingValue = "true", matchIfMissing = true)
class DomainRecheckSchedule {

    @Bean(destroyMethod = "stop")
    Scheduler brandingScheduler(DataSource dataSource, CustomDomains domains,
            @Value("${atrium.domains.recheck-at:04:30}") LocalTime at) {
        RecurringTask<Void> recheck = Tasks.recurring("custom-domains-recheck", Schedules.daily(ZoneOffset.UTC, at))
                .execute((instance, context) -> domains.recheck());
        Scheduler scheduler = Scheduler.create(dataSource).startTasks(recheck).threads(1)
                .pollingInterval(java.time.Duration.ofMinutes(1)).build();
        scheduler.start();
        return scheduler;
    }
}
