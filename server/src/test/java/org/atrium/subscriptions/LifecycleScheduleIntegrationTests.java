package org.atrium.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;

import org.atrium.support.AtriumIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** The daily run is registered with the database-backed scheduler, at the configured local time. */
@AtriumIntegrationTest
@TestPropertySource(properties = { "atrium.scheduler.enabled=true", "atrium.lifecycle.run-at=03:30" })
class LifecycleScheduleIntegrationTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void theDailyRunIsScheduledOnceAtTheConfiguredTimeInThePlatformTimezone() {
        Map<String, Object> row = jdbc.sql("""
                select count(*) over () as instances, execution_time from scheduled_tasks
                where task_name = 'lifecycle-daily'
                """).query().singleRow();
        assertThat(row.get("instances")).isEqualTo(1L);
        Instant next = ((java.sql.Timestamp) row.get("execution_time")).toInstant();
        // The platform timezone is UTC by default.
        assertThat(next.atZone(ZoneId.of("UTC")).toLocalTime()).isEqualTo(LocalTime.of(3, 30));
    }
}
