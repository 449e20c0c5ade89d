package org.atrium.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Browser;
import org.atrium.support.Fixtures;
import org.atrium.support.Api;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The two realms' sign-in pages in headless Chromium, in the design system, at desktop and phone width. */
@AtriumIntegrationTest
class SignInPagesBrowserTests {

    @LocalServerPort
    int port;

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
    void aWrongPasswordOnTheHqSignInIsRefusedWithAVisibleMessageAtEveryWidth() {
        var driver = browser.driver();
        driver.get("http://localhost:" + port + "/hq/login");
        assertThat(driver.findElement(By.cssSelector("label[for=email]")).getText()).isEqualTo("Email");
        assertThat(driver.findElement(By.tagName("link")).getAttribute("href")).contains("/css/atrium-");
        browser.screenshot("hq-login");

        driver.findElement(By.id("email")).sendKeys(Api.OWNER_EMAIL);
        driver.findElement(By.id("password")).sendKeys("not-the-password-at-all");
        driver.findElement(By.cssSelector("button[type=submit]")).click();

        assertThat(driver.findElement(By.id("error")).isDisplayed()).isTrue();
        browser.width(Browser.PHONE_WIDTH);
        assertThat(browser.overflowsHorizontally()).isFalse();
        browser.screenshot("hq-login-refused");
    }

    @Test
    void aTenantsPortalSignInNamesTheTenant() {
        String slug = Fixtures.tenantOn(Api.asRoot(port), "starter").get("slug").asString();
        var driver = browser.driver();
        browser.width(Browser.PHONE_WIDTH);
        driver.get("http://localhost:" + port + "/t/" + slug + "/portal/login");

        assertThat(driver.findElement(By.tagName("h1")).getText()).startsWith("Sign in to");
        assertThat(driver.findElement(By.linkText("Forgot your password?")).isDisplayed()).isTrue();
        assertThat(browser.overflowsHorizontally()).isFalse();
        browser.screenshot("portal-login");
    }
}
