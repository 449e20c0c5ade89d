package org.atrium.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.HttpBrowser;
import org.atrium.support.StaffSignIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * The HQ's settings page. It changes global settings, so it runs in the HQ pages' application and puts back every
 * field it changed after each test.
 */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=analytics")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettingsPageIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Clock clock;

    Api api;
    HttpBrowser owner;
    HttpBrowser clerk;
    JsonNode before;

    @BeforeAll
    void signIn() {
        api = Api.asRoot(port);
        owner = StaffSignIn.signIn(port, StaffSignIn.create(port, "super_admin"), clock);
        clerk = StaffSignIn.signIn(port, StaffSignIn.create(port, "billing"), clock);
        before = api.get("/api/v1/settings").json();
    }

    @AfterEach
    void putBack() {
        Map<String, Object> restore = new LinkedHashMap<>();
        for (String field : List.of("graceDays", "taxRates", "maintenance", "seller")) {
            restore.put(field, Api.JSON.convertValue(before.get(field), Object.class));
        }
        assertThat(api.patch("/api/v1/settings", restore).status()).isEqualTo(200);
    }

    @Test
    void theOwnerChangesGraceDaysAddsATaxAndTurnsOnMaintenanceWithABannerAcrossTheHq() {
        HttpBrowser.Page page = owner.get("/hq/settings");
        assertThat(page.body()).contains("Save settings").contains("Maintenance mode");
        Map<String, String> form = form(page);
        form.put("graceDays", "9");
        form.put("taxCode", "vat-test");
        form.put("taxName", "VAT 5%");
        form.put("taxRate", "5");
        form.put("taxCountry", "DE");
        form.put("maintenanceEnabled", "on");
        form.put("maintenanceMessage", "<b>Upgrading</b> the database");

        HttpBrowser.Page saved = owner.post("/hq/settings", form);

        assertThat(saved.location()).as(saved.toString()).endsWith("/hq/settings?saved");
        JsonNode now = api.get("/api/v1/settings").json();
        assertThat(now.get("graceDays").asInt()).isEqualTo(9);
        assertThat(now.at("/taxRates/0/code").asString()).isEqualTo("vat-test");
        assertThat(now.at("/taxRates/0/country").asString()).isEqualTo("DE");
        assertThat(now.at("/maintenance/enabled").asBoolean()).isTrue();
        // The banner is on every HQ page, the message escaped.
        for (String path : List.of("/hq", "/hq/plans", "/hq/settings")) {
            assertThat(owner.get(path).body()).as(path).contains("Maintenance mode is on.")
                    .contains("&lt;b&gt;Upgrading&lt;/b&gt; the database").doesNotContain("<b>Upgrading");
        }
    }

    @Test
    void aBadNumberShowsTheFormAgainWithTheMessageAndChangesNothing() {
        Map<String, String> form = form(owner.get("/hq/settings"));
        form.put("graceDays", "a week");

        HttpBrowser.Page refused = owner.post("/hq/settings", form);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("role=\"alert\"").contains("must be a whole number")
                .contains("value=\"a week\"");
        assertThat(api.get("/api/v1/settings").json().get("graceDays").asInt())
                .isEqualTo(before.get("graceDays").asInt());
    }

    @Test
    void aClerkWithoutSettingsManageReadsTheSettingsButCannotSaveThem() {
        HttpBrowser.Page page = clerk.get("/hq/settings");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("Save settings").contains("disabled");

        Map<String, String> form = form(page);
        form.put("graceDays", "30");
        HttpBrowser.Page refused = clerk.post("/hq/settings", form);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("settings.manage");
        assertThat(owner.postWithoutCsrf("/hq/settings", form).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/settings").json().get("graceDays").asInt())
                .isEqualTo(before.get("graceDays").asInt());
    }

    /** The form's inputs as the page filled them in (text inputs and ticked checkboxes). */
    private static Map<String, String> form(HttpBrowser.Page page) {
        Map<String, String> form = new LinkedHashMap<>();
        java.util.regex.Matcher inputs = java.util.regex.Pattern
                .compile("<input[^>]*name=\"([A-Za-z0-9]+)\"[^>]*>").matcher(page.body());
        while (inputs.find()) {
            String tag = inputs.group(0);
            String name = inputs.group(1);
            if (name.equals("_csrf") || form.containsKey(name)) {
                continue;
            }
            java.util.regex.Matcher value = java.util.regex.Pattern.compile("value=\"([^\"]*)\"").matcher(tag);
            if (tag.contains("type=\"checkbox\"")) {
                if (tag.contains("checked")) {
                    form.put(name, value.find() ? value.group(1) : "on");
                }
            } else {
                form.put(name, value.find() ? value.group(1).replace("&amp;", "&") : "");
            }
        }
        return form;
    }
}
