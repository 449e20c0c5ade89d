package org.atrium.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.atrium.support.Api;
import org.atrium.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * The per-address throttles, with small limits in an application of their own (the other tests all call from
 * 127.0.0.1 and would use them up): public signups per hour, and failed authentications per window, per address and
 * credential (3) and per address (4). Tests that need an address of their own send {@code X-Forwarded-For}, which
 * the server trusts from 127.0.0.1 with {@code server.forward-headers-strategy=native}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "atrium.bootstrap.api-key=" + Api.ROOT_KEY,
        "atrium.bootstrap.owner-email=" + Api.OWNER_EMAIL,
        "atrium.bootstrap.owner-password=" + Api.OWNER_PASSWORD,
        "server.shutdown=immediate",
        "atrium.scheduler.enabled=false",
        "logging.level.atrium.request=WARN",
        "spring.datasource.hikari.maximum-pool-size=4",
        "spring.datasource.hikari.minimum-idle=1",
        "atrium.security.signups-per-hour=3",
        "atrium.security.failed-logins-per-credential=3",
        "atrium.security.failed-logins-per-address=4",
        "server.forward-headers-strategy=native",
        "atrium.security.failed-login-window=10m" })
@ContextConfiguration(initializers = TestDatabase.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ClientThrottleIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void failedAuthenticationsFromOneAddressAreRefusedWith429OnceTheyPassTheLimitRightOrWrong() {
        Api root = Api.asRoot(port);
        assertThat(root.get("/api/v1/tenants").status()).isEqualTo(200);
        long auditBefore = auditRows();

        // Four wrong keys and passwords for four different accounts: each a 401, and each counted.
        for (int i = 0; i < 4; i++) {
            Api.Response refused = i % 2 == 0
                    ? Api.anonymous(port).withBearer("atr_sk_guess" + i).get("/api/v1/tenants")
                    : Api.anonymous(port).withBasic("nobody" + i + "@example.com", "guess").get("/api/v1/tenants");
            assertThat(refused.status()).isEqualTo(401);
        }
        long auditAfterFailures = auditRows();

        // Past the limit, every request with credentials from this address is refused, even the right ones, and
        // without the work of checking them: no audit row per attempt.
        for (int i = 0; i < 5; i++) {
            Api.Response throttled = Api.anonymous(port).withBasic("other" + i + "@example.com", "guess")
                    .get("/api/v1/tenants");
            assertThat(throttled.status()).isEqualTo(429);
            assertThat(throttled.json().get("type").asString()).endsWith("/problems/too-many-failed-logins");
            long retryAfter = Long.parseLong(throttled.header("Retry-After"));
            assertThat(retryAfter).isBetween(1L, 600L);
            assertThat(throttled.json().get("retryAfterSeconds").asLong()).isEqualTo(retryAfter);
        }
        Api.Response rightKey = root.get("/api/v1/tenants");
        assertThat(rightKey.status()).isEqualTo(429);
        assertThat(auditRows()).isEqualTo(auditAfterFailures);
        assertThat(auditAfterFailures).isGreaterThan(auditBefore);

        // A request without credentials is not an authentication: public routes still answer.
        assertThat(Api.anonymous(port).get("/api/v1/public/plans").status()).isEqualTo(200);
    }

    @Test
    void oneKeyTriedAgainAndAgainIsRefusedWithoutLockingOutTheOtherKeysBehindTheSameAddress() {
        Api admin = Api.asRoot(port).with("X-Forwarded-For", "198.51.100.10");
        String valid = admin.post("/api/v1/api-keys", Map.of("name", "behind the nat", "permissions",
                List.of("tenants.read"))).json().get("secret").asString();
        Api office = Api.anonymous(port).with("X-Forwarded-For", "203.0.113.7");
        String stale = "atr_sk_staleKXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";

        // The per-credential limit is 3: three 401s, then the fourth try of the same key is refused unchecked.
        for (int i = 0; i < 3; i++) {
            assertThat(office.withBearer(stale).get("/api/v1/tenants").status()).as("try %d", i + 1).isEqualTo(401);
        }
        Api.Response refused = office.withBearer(stale).get("/api/v1/tenants");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("type").asString()).endsWith("/problems/too-many-failed-logins");
        assertThat(refused.json().get("limit").asInt()).isEqualTo(3);
        // Another key with the same first 13 characters (atr_sk_staleK) counts as the same credential.
        assertThat(office.withBearer("atr_sk_staleKYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY").get("/api/v1/tenants")
                .status()).isEqualTo(429);

        // Other clients behind the same address, with their own keys, are not refused.
        assertThat(office.withBearer(valid).get("/api/v1/tenants").status()).isEqualTo(200);
        assertThat(office.withBearer(Api.ROOT_KEY).get("/api/v1/tenants").status()).isEqualTo(200);

        // A client rotating keys meets the per-address ceiling of 4: 3 failures so far (the refused tries did not
        // count), one more different wrong key makes 4, and then every credential from the address is refused.
        assertThat(office.withBearer("atr_sk_random1XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX").get("/api/v1/tenants")
                .status()).isEqualTo(401);
        Api.Response ceiling = office.withBearer(valid).get("/api/v1/tenants");
        assertThat(ceiling.status()).isEqualTo(429);
        assertThat(ceiling.json().get("limit").asInt()).isEqualTo(4);
        assertThat(office.withBearer("atr_sk_random2XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX").get("/api/v1/tenants")
                .status()).isEqualTo(429);

        // Other addresses are untouched.
        assertThat(admin.get("/api/v1/tenants").status()).isEqualTo(200);
    }

    @Test
    void aLoginEmailIsACredentialOfItsOwn() {
        Api office = Api.anonymous(port).with("X-Forwarded-For", "203.0.113.99");
        for (int i = 0; i < 3; i++) {
            assertThat(office.withBasic("Nobody@Example.com", "guess" + i).get("/api/v1/tenants").status())
                    .isEqualTo(401);
        }
        // The same email in another case is the same credential.
        assertThat(office.withBasic("nobody@example.com", "guess").get("/api/v1/tenants").status()).isEqualTo(429);
        assertThat(office.withBasic(Api.OWNER_EMAIL, Api.OWNER_PASSWORD).get("/api/v1/tenants").status())
                .isEqualTo(200);
    }

    @Test
    void publicSignupsFromOneAddressAreLimitedPerHour() {
        long tenantsBefore = tenants();
        for (int i = 0; i < 3; i++) {
            String slug = "throttled-" + UUID.randomUUID().toString().substring(0, 8);
            Api.Response signedUp = Api.anonymous(port).post("/api/v1/public/signup",
                    Map.of("slug", slug, "name", "Throttled " + i, "email", slug + "@example.com"));
            assertThat(signedUp.status()).as(signedUp.toString()).isEqualTo(201);
        }
        Api.Response fourth = Api.anonymous(port).post("/api/v1/public/signup",
                Map.of("slug", "throttled-fourth", "name", "Fourth", "email", "fourth@example.com"));
        assertThat(fourth.status()).isEqualTo(429);
        assertThat(fourth.json().get("type").asString()).endsWith("/problems/too-many-signups");
        assertThat(Long.parseLong(fourth.header("Retry-After"))).isBetween(1L, 3600L);
        assertThat(tenants()).isEqualTo(tenantsBefore + 3);
        assertThat(jdbc.sql("select count(*) from tenants where slug = 'throttled-fourth'").query(Long.class)
                .single()).isZero();
    }

    private long auditRows() {
        return jdbc.sql("select count(*) from audit_events").query(Long.class).single();
    }

    private long tenants() {
        return jdbc.sql("select count(*) from tenants").query(Long.class).single();
    }
}
