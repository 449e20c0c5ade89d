package org.atrium.entitlements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import org.atrium.AtriumApplication;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Tenancy;
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

import tools.jackson.databind.JsonNode;

/**
 * Two Atrium nodes on one database: the test's own and a second one started beside it. A change made through one
 * node must be visible through the other within a second, although the second holds the old answer in its cache
 * (whose time to live is minutes).
 */
@AtriumIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EntitlementCacheIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    ConfigurableApplicationContext second;
    Api nodeA;
    Api nodeB;
    Tenancy fixtures;

    @BeforeAll
    void startSecondNode() {
        // Command-line arguments, so that they win over application.yml (default properties would not).
        second = new SpringApplicationBuilder(AtriumApplication.class).run(
                "--spring.datasource.url=" + environment.getRequiredProperty("spring.datasource.url"),
                "--spring.datasource.username=" + environment.getRequiredProperty("spring.datasource.username"),
                "--spring.datasource.password=" + environment.getProperty("spring.datasource.password", ""),
                "--atrium.secrets.master-key=" + environment.getRequiredProperty("atrium.secrets.master-key"),
                "--server.port=0", "--server.shutdown=immediate", "--atrium.bootstrap.api-key=" + Api.ROOT_KEY,
                "--atrium.bootstrap.owner-email=" + Api.OWNER_EMAIL,
                "--atrium.bootstrap.owner-password=" + Api.OWNER_PASSWORD, "--atrium.entitlements.cache-ttl=10m",
                "--logging.level.atrium.request=WARN");
        int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
        nodeA = Api.asRoot(port);
        nodeB = Api.asRoot(secondPort);
        fixtures = new Tenancy(nodeA);
    }

    @AfterAll
    void stopSecondNode() {
        if (second != null) {
            second.close();
        }
    }

    private JsonNode snapshot(Api node, String tenant) {
        Api.Response r = node.get("/api/v1/tenants/" + tenant + "/entitlements");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    /** How long until the snapshot on {@code node} satisfies {@code condition}; fails after five seconds. */
    private Duration until(Api node, String tenant, Predicate<JsonNode> condition) {
        long start = System.nanoTime();
        await("the change reaching the other node").atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20)).until(() -> condition.test(snapshot(node, tenant)));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void anOverrideMadeOnOneNodeIsVisibleOnTheOtherWithinOneSecond() throws Exception {
        String plan = fixtures.planWith(Map.of("max_shipments", 5L), Map.of());
        String tenant = fixtures.tenantOn(plan);
        assertThat(snapshot(nodeB, tenant).get("limits").get("max_shipments").get("limit").asLong()).isEqualTo(5);

        assertThat(nodeA.put("/api/v1/tenants/" + tenant + "/overrides/max_shipments",
                Map.of("limit", 99, "reason", "two nodes")).status()).isEqualTo(200);
        Duration seen = until(nodeB, tenant, s -> s.get("limits").get("max_shipments").get("limit").asLong() == 99);
        assertThat(seen).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aSuspensionOnOneNodeIsEnforcedOnTheOtherWithinOneSecond() throws Exception {
        String plan = fixtures.planWith(Map.of("max_shipments", 5L), Map.of());
        String tenant = fixtures.tenantOn(plan);
        assertThat(snapshot(nodeB, tenant).get("status").asString()).isEqualTo("trial");

        assertThat(nodeA.post("/api/v1/tenants/" + tenant + "/suspend", Map.of("reason", "two nodes")).status())
                .isEqualTo(200);
        Duration seen = until(nodeB, tenant, s -> s.get("status").asString().equals("suspended"));
        assertThat(seen).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aPlanEditOnOneNodeIsVisibleOnTheOtherWithinOneSecond() throws Exception {
        String plan = fixtures.planWith(Map.of("max_shipments", 5L), Map.of());
        String tenant = fixtures.tenantOn(plan);
        assertThat(snapshot(nodeB, tenant).get("limits").get("max_shipments").get("limit").asLong()).isEqualTo(5);

        assertThat(nodeA.patch("/api/v1/plans/" + plan, Map.of("limits", Map.of("max_shipments", 7))).status())
                .isEqualTo(200);
        Duration seen = until(nodeB, tenant, s -> s.get("limits").get("max_shipments").get("limit").asLong() == 7);
        assertThat(seen).isLessThan(Duration.ofSeconds(1));
    }
}
