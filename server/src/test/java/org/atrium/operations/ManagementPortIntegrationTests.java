package org.atrium.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * With {@code management.server.port} set, the actuator answers on that port only, and the same rules hold there:
 * health open, metrics for a key with {@code metrics.read}.
 */
@AtriumIntegrationTest
@TestPropertySource(properties = "management.server.port=0")
class ManagementPortIntegrationTests {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void servesHealthOpenlyAndMetricsToAKeyOnTheManagementPortOnly() {
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(Api.anonymous(managementPort).get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(Api.anonymous(managementPort).get("/actuator/prometheus").status()).isEqualTo(401);
        Api.Response metrics = Api.asRoot(managementPort).get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");

        // The application port no longer serves the actuator.
        assertThat(Api.asRoot(port).get("/actuator/prometheus").status()).isEqualTo(404);
        assertThat(Api.asRoot(port).get("/api/v1/settings").status()).isEqualTo(200);
    }
}
