package org.atrium.developer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.atrium.AtriumApplication;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/** Two nodes on one database: a key revoked through one is refused by the other within a second. */
@AtriumIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantKeyRevocationIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    ConfigurableApplicationContext second;
    int secondPort;

    @BeforeAll
    void startSecondNode() {
        second = new SpringApplicationBuilder(AtriumApplication.class).run(
                "--spring.datasource.url=" + environment.getRequiredProperty("spring.datasource.url"),
                "--spring.datasource.username=" + environment.getRequiredProperty("spring.datasource.username"),
                "--spring.datasource.password=" + environment.getProperty("spring.datasource.password", ""),
                "--server.port=0", "--server.shutdown=immediate", "--atrium.bootstrap.api-key=" + Api.ROOT_KEY,
                "--atrium.bootstrap.owner-email=" + Api.OWNER_EMAIL,
                "--atrium.bootstrap.owner-password=" + Api.OWNER_PASSWORD, "--atrium.scheduler.enabled=false",
                "--spring.datasource.hikari.maximum-pool-size=5", "--logging.level.atrium.request=WARN",
                // every node of one database shares the master key
                "--atrium.secrets.master-key=" + environment.getRequiredProperty("atrium.secrets.master-key"));
        secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
    }

    @AfterAll
    void stopSecondNode() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void aKeyRevokedOnOneNodeIsRefusedOnTheOtherWithinOneSecond() throws Exception {
        Api root = Api.asRoot(port);
        String slug = Fixtures.tenantOn(root, Fixtures.plan(root).get("slug").asString()).get("slug").asString();
        Api.Response issued = root.post("/api/v1/tenants/" + slug + "/api-keys",
                Map.of("name", "two nodes", "scopes", List.of("wallet:read")));
        String key = issued.json().get("key").asString();
        Api onSecond = Api.anonymous(secondPort).withBearer(key);
        String wallet = "/api/v1/tenants/" + slug + "/wallet";
        // The second node has the key in its cache (kept 5 s) before the revocation.
        assertThat(onSecond.get(wallet).status()).isEqualTo(200);

        assertThat(root.post("/api/v1/tenants/" + slug + "/api-keys/" + issued.json().get("id").asString()
                + "/revoke").status()).isEqualTo(200);
        long start = System.nanoTime();
        int status = 200;
        while (status == 200 && System.nanoTime() - start < 5_000_000_000L) {
            status = onSecond.get(wallet).status();
            if (status == 200) {
                Thread.sleep(20);
            }
        }
        Duration seen = Duration.ofNanos(System.nanoTime() - start);
        assertThat(status).isEqualTo(401);
        assertThat(seen).isLessThan(Duration.ofSeconds(1));
    }
}
