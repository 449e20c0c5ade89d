package org.atrium.branding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.atrium.platform.AdjustableClock;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Browser;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/** The brand and domains pages in headless Chromium: the brand's colours applied, the live preview, both widths. */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=moving-clock")
class BrandPagesBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    AdjustableClock clock;

    private Browser browser;

    @BeforeEach
    void openBrowser() {
        browser = Browser.open();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theBrandChangesThePortalsColoursAndThePreviewWarnsLive() {
        Api root = Api.asRoot(port);
        JsonNode tenant = Fixtures.tenantOn(root, "pro");
        String slug = tenant.get("slug").asString();
        assertThat(root.put("/api/v1/tenants/" + slug + "/brand", Map.of("displayName", "Acme Brand", "primaryColor",
                "#0b5394", "secondaryColor", "#38761d", "footerText", "Acme Loans Ltd")).status()).isEqualTo(200);
        assertThat(root.sendRaw("PUT", "/api/v1/tenants/" + slug + "/brand/logo", "image/png",
                TestImages.png(120, 40), false).status()).isEqualTo(200);
        PortalAdmins.Admin admin = PortalAdmins.signedIn(port, clock, slug, tenant.get("id").asString());

        var driver = browser.driver();
        String origin = "http://localhost:" + port;
        driver.get(origin + admin.base() + "/login");
        admin.browser().cookies().values().forEach(c -> driver.manage().addCookie(new Cookie(c.name(), c.value(),
                c.path())));
        driver.get(origin + admin.base() + "/brand");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Brand");
        assertThat(driver.findElement(By.cssSelector(".brand-name span")).getText()).isEqualTo("Acme Brand");
        assertThat(driver.findElement(By.cssSelector(".brand-name img")).getAttribute("src")).contains("/brand/");
        // #0b5394 is rgb(11, 83, 148): the save button takes the tenant's colour from its stylesheet.
        assertThat(driver.findElement(By.cssSelector("#brand-form .btn--primary")).getCssValue("background-color"))
                .isEqualTo("rgba(11, 83, 148, 1)");
        browser.screenshot("portal-brand");

        // The preview follows the colour being chosen and warns below AA before anything is saved.
        driver.executeScript("const i = document.getElementById('primaryColor'); i.value = '#ffff00';"
                + "i.dispatchEvent(new Event('input'));");
        assertThat(driver.findElement(By.id("contrast-live")).getText()).contains("below WCAG AA");
        assertThat(driver.findElement(By.cssSelector(".brand-preview__button")).getCssValue("background-color"))
                .isEqualTo("rgba(255, 255, 0, 1)");

        browser.width(Browser.PHONE_WIDTH);
        driver.navigate().refresh();
        assertThat(browser.overflowsHorizontally()).isFalse();
        browser.screenshot("portal-brand-phone");

        driver.get(origin + admin.base() + "/domains");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Custom domains");
        assertThat(browser.overflowsHorizontally()).isFalse();
        browser.screenshot("portal-domains-phone");
        browser.width(Browser.DESKTOP_WIDTH);
        driver.get(origin + admin.base() + "/templates/subscription.renewed");
        assertThat(driver.findElement(By.cssSelector("label[for=sms]")).getText()).contains("SMS");
        browser.screenshot("portal-template");
    }
}
