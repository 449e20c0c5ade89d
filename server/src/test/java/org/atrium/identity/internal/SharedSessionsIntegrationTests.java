package org.atrium.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.atrium.AtriumApplication;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.HttpBrowser;
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

/** Two Atrium nodes on one database: a browser session made on one is served, listed and ended by the other. */
@AtriumIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedSessionsIntegrationTests {

    static final String PASSWORD = "a-long-enough-password";

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
                "--atrium.secrets.master-key=" + environment.getRequiredProperty("atrium.secrets.master-key"),
                "--server.port=0", "--server.shutdown=immediate", "--atrium.bootstrap.api-key=" + Api.ROOT_KEY,
                "--atrium.bootstrap.owner-email=" + Api.OWNER_EMAIL,
                "--atrium.bootstrap.owner-password=" + Api.OWNER_PASSWORD, "--atrium.scheduler.enabled=false",
                "--spring.datasource.hikari.maximum-pool-size=5", "--logging.level.atrium.request=WARN");
        secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
    }

    @AfterAll
    void stopSecondNode() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void aSessionMadeOnOneNodeIsServedListedAndEndedOnTheOther() {
        String email = Fixtures.email("support");
        Api.asRoot(port).post("/api/v1/staff",
                Map.of("email", email, "name", "Support", "password", PASSWORD, "role", "support"));
        HttpBrowser laptop = new HttpBrowser(port).userAgent("Laptop/1.0");
        laptop.get("/hq/login");
        assertThat(laptop.post("/hq/login", Map.of("email", email, "password", PASSWORD)).location())
                .endsWith("/hq");
        HttpBrowser phone = new HttpBrowser(port).userAgent("Phone/2.0");
        phone.get("/hq/login");
        assertThat(phone.post("/hq/login", Map.of("email", email, "password", PASSWORD)).location())
                .endsWith("/hq");

        // The laptop's cookie, presented to the other node, is the same signed-in session.
        HttpBrowser laptopOnB = new HttpBrowser(secondPort).userAgent("Laptop/1.0");
        laptopOnB.setCookie("ATRIUM_HQ", laptop.cookie("ATRIUM_HQ"), "/hq");
        HttpBrowser.Page home = laptopOnB.get("/hq");
        assertThat(home.status()).as(home.toString()).isEqualTo(200);
        assertThat(home.body()).contains(email).contains("Laptop/1.0").contains("Phone/2.0");

        // Ending the other sessions on node B signs the phone out on node A.
        assertThat(laptopOnB.post("/hq/sessions/revoke-others", Map.of()).location()).endsWith("/hq");
        assertThat(phone.get("/hq").location()).endsWith("/hq/login");
        assertThat(laptop.get("/hq").status()).isEqualTo(200);
        assertThat(laptop.get("/hq").body()).doesNotContain("Phone/2.0");

        // Signing out on node A ends the session for node B too.
        assertThat(laptop.post("/hq/logout", Map.of()).location()).endsWith("/hq/login");
        assertThat(laptopOnB.get("/hq").location()).endsWith("/hq/login");
    }
}
