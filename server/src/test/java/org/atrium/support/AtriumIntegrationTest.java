package org.atrium.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * A full Atrium on a random port with a database of its own. Tests that share this annotation share one
 * application (and one database), so they must not assume an empty database: each creates what it needs under
 * fresh names.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "atrium.bootstrap.api-key=" + Api.ROOT_KEY,
        "atrium.bootstrap.owner-email=" + Api.OWNER_EMAIL,
        "atrium.bootstrap.owner-password=" + Api.OWNER_PASSWORD,
        "atrium.sandbox=true",
        "server.shutdown=immediate",
        "atrium.scheduler.enabled=false",
        // Several applications (one per test configuration) stay cached side by side; small pools that shrink when
        // idle keep them all under a PostgreSQL server's default of 100 connections.
        "spring.datasource.hikari.maximum-pool-size=10",
        "spring.datasource.hikari.minimum-idle=1",
        "spring.datasource.hikari.idle-timeout=10000",
        // Every test calls from 127.0.0.1: the per-address throttles are tested on their own (ClientThrottleTests).
        "atrium.security.signups-per-hour=100000",
        "atrium.security.failed-logins-per-address=100000",
        // Webhook tests deliver to a receiver on loopback.
        "atrium.webhooks.allowed-hosts=127.0.0.1",
        "logging.level.atrium.request=WARN" })
@ContextConfiguration(initializers = TestDatabase.class)
public @interface AtriumIntegrationTest {
}
