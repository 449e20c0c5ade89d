package org.atrium.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.security.InvalidKeyException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import javax.crypto.spec.SecretKeySpec;

import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Browser;
import org.atrium.support.Fixtures;
import org.atrium.support.MailOutbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;

/**
 * A prospect in headless Chromium, without help from the test between the pages: from the pricing page's "start
 * trial" button through the signup form and the link mailed to the address (read from the mail outbox) to the
 * tenant's portal, at desktop and at phone width, with a screenshot of every step.
 */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=site")
class SignupBrowserTests {

    private static final String PASSWORD = "a-long-enough-password";

    @LocalServerPort
    int port;

    @Autowired
    Clock clock;

    private Browser browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @ParameterizedTest(name = "at {0} px")
    @ValueSource(ints = { Browser.DESKTOP_WIDTH, Browser.PHONE_WIDTH })
    void aProspectSignsUpFromThePricingPageConfirmsTheAddressAndReachesThePortal(int width) throws Exception {
        browser = Browser.open();
        browser.width(width);
        ChromeDriver driver = browser.driver();
        String base = "http://localhost:" + port;
        String slug = Fixtures.slug("browser-signup");
        String email = "owner@" + slug + ".example.test";

        driver.get(base + "/pricing");
        driver.findElement(By.linkText("Annual")).click();
        WebElement growth = driver.findElement(By.id("card-growth"));
        assertThat(growth.getText()).contains("Save $158.00 a year (17%)");
        fitsTheWidth();
        browser.screenshot("signup-1-pricing");
        growth.findElement(By.linkText("Start 14-day trial")).click();

        assertThat(driver.getCurrentUrl()).endsWith("/signup?plan=growth&cycle=annual");
        assertThat(driver.getTitle()).isEqualTo("Start your trial — Atrium");
        assertThat(driver.findElement(By.cssSelector("#plan option:checked")).getText()).isEqualTo("Growth");
        assertThat(driver.findElement(By.cssSelector("input[name=cycle][value=annual]")).isSelected()).isTrue();
        driver.findElement(By.id("name")).sendKeys("Acme Loans");
        driver.findElement(By.id("slug")).sendKeys(slug);
        driver.findElement(By.id("email")).sendKeys(email);
        fitsTheWidth();
        browser.screenshot("signup-2-form");
        driver.findElement(By.cssSelector("form button[type=submit]")).click();

        try {
            // The answer to the submitted form may still be loading on a busy machine.
            new WebDriverWait(driver, Duration.ofSeconds(10))
                    .until(ExpectedConditions.titleIs("Check your email — Atrium"));
        } catch (TimeoutException e) {
            // reported by the assertion below
        }
        assertThat(driver.getTitle()).as(driver.getPageSource()).isEqualTo("Check your email — Atrium");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("Acme Loans", email);
        fitsTheWidth();
        browser.screenshot("signup-3-check-email");

        // The link as the mail carries it, read from the outbox that stands in for SMTP.
        String link = MailOutbox.linkPath(MailOutbox.newest(port, "identity.password_set_link", email));
        driver.get(base + link);
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Choose a password");
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.screenshot("signup-4-password");
        driver.findElement(By.cssSelector("form button[type=submit]")).click();

        String portal = base + "/t/" + slug + "/portal";
        awaitUrl(portal + "/login");
        assertThat(driver.findElement(By.id("notice")).getText()).contains("Your email address is confirmed");
        assertThat(driver.findElement(By.id("email")).getAttribute("value")).isEqualTo(email);
        fitsTheWidth();
        browser.screenshot("signup-5-sign-in");
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();

        // A tenant admin enrols a second factor before the portal opens (requireTenantAdmin2fa is on by default).
        awaitUrl(portal + "/login/enrol");
        String secret = driver.findElement(By.id("secret")).getText();
        driver.findElement(By.id("code")).sendKeys(code(secret));
        browser.screenshot("signup-6-second-factor");
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        // The recovery codes' page, once the code was accepted (the answer may still be loading).
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(By.id("continue")))
                .click();

        awaitUrl(portal);
        assertThat(driver.findElement(By.tagName("body")).getText()).contains("Acme Loans");
        // The portal's own pages (and their phone layout) are the portal shell's: only the arrival is checked here.
        browser.screenshot("signup-7-portal");
    }

    /** Waits for a submitted form's answer to arrive, saying what the page shows instead if it does not. */
    private void awaitUrl(String expected) {
        try {
            new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(expected));
        } catch (TimeoutException e) {
            throw new AssertionError("Expected " + expected + " but the browser shows "
                    + browser.driver().getCurrentUrl() + ":\n" + browser.driver().findElement(By.tagName("body"))
                            .getText(), e);
        }
    }

    private void fitsTheWidth() {
        assertThat(browser.overflowsHorizontally()).as("the page scrolls sideways").isFalse();
    }

    /** The authenticator app's code for the secret at the server's time (RFC 6238: 30 s steps, 6 digits, SHA-1). */
    private String code(String base32) throws InvalidKeyException {
        TimeBasedOneTimePasswordGenerator totp = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6,
                "HmacSHA1");
        return totp.generateOneTimePasswordString(new SecretKeySpec(base32Decode(base32), "HmacSHA1"),
                clock.instant());
    }

    private static byte[] base32Decode(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.toUpperCase(Locale.ROOT).replace("=", "").toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                bytes.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return bytes.toByteArray();
    }
}
