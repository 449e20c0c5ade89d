package org.atrium.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;

import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Browser;
import org.atrium.support.StaffSignIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The owner signs in to the HQ in headless Chromium (enrolling an authenticator, as at a first sign-in) and walks
 * the dashboard, the plans, a plan with its pricing card, the invoices and the settings, at desktop and phone width.
 */
@AtriumIntegrationTest
class HqConsoleBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    Clock clock;

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
    void theOwnerSignsInAndWalksDashboardPlansInvoicesAndSettings() {
        String email = StaffSignIn.create(port, "super_admin");
        var driver = browser.driver();
        String base = "http://localhost:" + port;
        driver.get(base + "/hq/login");
        driver.findElement(By.id("email")).sendKeys(email);
        driver.findElement(By.id("password")).sendKeys(StaffSignIn.PASSWORD);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        String secret = driver.findElement(By.id("secret")).getText();
        driver.findElement(By.id("code")).sendKeys(StaffSignIn.code(secret, clock));
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        // The recovery codes, shown once after enrolment; going on leads into the HQ.
        driver.findElement(By.id("continue")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> !d.getCurrentUrl().contains("/login"));
        driver.get(base + "/hq");

        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Dashboard");
        assertThat(driver.findElement(By.id("tile-mrr")).getText()).contains("MRR");
        // Chart.js drew both charts, with the twelve months the JSON endpoint gave (no inline script on the page).
        wait.until(d -> Boolean.TRUE.equals(driver.executeScript(
                "var c = window.Chart && Chart.getChart(document.getElementById('chart-mrr'));"
                        + " return !!c && c.data.labels.length === 12;")));
        assertThat(driver.executeScript(
                "return Chart.getChart(document.getElementById('chart-tenants')).data.datasets.length;"))
                .isEqualTo(2L);
        shoot("hq-dashboard");

        driver.get(base + "/hq/plans");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Plans");
        assertThat(driver.findElement(By.id("plans")).getText()).contains("Growth");
        shoot("hq-plans");

        driver.findElement(By.linkText("Growth")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#plan-preview .card")));
        assertThat(driver.findElement(By.cssSelector("#plan-preview .card")).getText()).contains("$79.00");
        shoot("hq-plan");

        driver.get(base + "/hq/invoices");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Invoices");
        assertThat(driver.findElement(By.cssSelector("label[for=f-status]")).getText()).isEqualTo("Status");
        shoot("hq-invoices");

        driver.get(base + "/hq/settings");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Settings");
        shoot("hq-settings");
    }

    /** A screenshot at desktop width and one at phone width, where nothing may scroll sideways. */
    private void shoot(String name) {
        browser.width(Browser.DESKTOP_WIDTH);
        browser.screenshot(name);
        browser.width(Browser.PHONE_WIDTH);
        browser.screenshot(name);
        Object wide = browser.driver().executeScript("var w = document.documentElement.clientWidth, out = [];"
                + " document.querySelectorAll('main *').forEach(function (e) { var r = e.getBoundingClientRect();"
                + " if (r.right > w + 1) { out.push(e.tagName + '#' + e.id + '.'"
                + " + e.className + ' ' + Math.round(r.right)); } }); return out.slice(0, 5).join(', ');");
        assertThat(browser.overflowsHorizontally()).as(name + " scrolls sideways at 390 px: " + wide).isFalse();
        browser.width(Browser.DESKTOP_WIDTH);
    }
}
