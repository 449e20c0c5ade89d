package org.atrium.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Browser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** The pricing page in headless Chromium: what a prospect sees and does, at desktop and phone width. */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=site")
class PricingPageBrowserTests {

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
    void aProspectComparesPlansAndSwitchesToAnnualPrices() {
        var driver = browser.driver();
        driver.get("http://localhost:" + port + "/pricing");

        assertThat(driver.getTitle()).isEqualTo("Pricing — Atrium");
        List<WebElement> cards = driver.findElements(By.cssSelector(".pricing-cards .card"));
        assertThat(cards).hasSizeGreaterThanOrEqualTo(5);
        WebElement growth = driver.findElement(By.id("card-growth"));
        assertThat(growth.getText()).contains("Recommended", "$79.00", "per month");
        browser.screenshot("pricing-monthly");

        driver.findElement(By.linkText("Annual")).click();

        assertThat(driver.getCurrentUrl()).endsWith("/pricing?cycle=annual");
        growth = driver.findElement(By.id("card-growth"));
        // 12 × 79.00 − 790.00 = 158.00, 16.67 % → 17 %
        assertThat(growth.getText()).contains("$790.00", "per year", "Save $158.00 a year (17%)");
        assertThat(growth.findElement(By.linkText("Start 14-day trial")).getAttribute("href"))
                .endsWith("/signup?plan=growth&cycle=annual");
        browser.screenshot("pricing-annual");
    }

    @Test
    void atPhoneWidthThePageDoesNotScrollSideways() {
        browser.width(Browser.PHONE_WIDTH);
        var driver = browser.driver();
        driver.get("http://localhost:" + port + "/pricing");

        assertThat(browser.overflowsHorizontally()).isFalse();
        // The comparison table scrolls inside its own container instead.
        assertThat(driver.findElement(By.cssSelector(".table-scroll table")).isDisplayed()).isTrue();
        browser.screenshot("pricing-monthly");
    }

    @Test
    void theFirstTabReachesTheSkipLinkAndFocusIsVisible() {
        var driver = browser.driver();
        driver.get("http://localhost:" + port + "/pricing");

        driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);

        WebElement focused = driver.switchTo().activeElement();
        assertThat(focused.getText()).isEqualTo("Skip to content");
        assertThat(focused.getCssValue("outline-style")).isEqualTo("solid");
        assertThat(focused.getCssValue("top")).isNotEqualTo("-160px");
    }
}
