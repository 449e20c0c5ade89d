package org.atrium.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for browser tests: Debian's {@code chromium} and {@code chromedriver} packages (what
 * {@code .ci/run} installs), or the binaries named by {@code ATRIUM_CHROMIUM} and {@code ATRIUM_CHROMEDRIVER}. Never
 * downloads a browser. Where neither is installed the calling test is skipped, with one line on the console, so
 * the test command still passes on a machine with only a JDK.
 * <p>
 * Screenshots go to {@code server/target/screenshots/}.
 */
public final class Browser implements AutoCloseable {

    public static final int DESKTOP_WIDTH = 1280;
    public static final int PHONE_WIDTH = 390;

    private static final AtomicBoolean NOTICE_PRINTED = new AtomicBoolean();
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** A fresh browser (empty profile, no cookies) at desktop width; skips the test when there is no Chromium. */
    public static Browser open() {
        Path chromium = binary("ATRIUM_CHROMIUM", "/usr/bin/chromium");
        Path chromedriver = binary("ATRIUM_CHROMEDRIVER", "/usr/bin/chromedriver");
        if (chromium == null || chromedriver == null) {
            if (NOTICE_PRINTED.compareAndSet(false, true)) {
                System.out.println("Browser tests skipped: no Chromium and chromedriver found "
                        + "(apt-get install -y chromium chromium-driver, or set ATRIUM_CHROMIUM and ATRIUM_CHROMEDRIVER)");
            }
            Assumptions.abort("no Chromium on this machine");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        // A closed network: nothing may try to reach Google's services, and the sandbox needs a user namespace that
        // CI containers do not give.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--no-first-run", "--disable-extensions", "--lang=en-US",
                "--window-size=" + DESKTOP_WIDTH + ",900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        // A click that submits a form returns before the answer has loaded; on a busy machine the next lookup would
        // otherwise search the old page. Lookups wait up to 5 s for their element to appear.
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        return new Browser(driver);
    }

    public ChromeDriver driver() {
        return driver;
    }

    public Browser width(int width) {
        driver.manage().window().setSize(new Dimension(width, 900));
        return this;
    }

    /** Saves a full-width screenshot as {@code target/screenshots/<name>-<width>.png}. */
    public Path screenshot(String name) {
        int width = driver.manage().window().getSize().getWidth();
        Path file = SCREENSHOTS.resolve(name + "-" + width + ".png");
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write screenshot " + file, e);
        }
        return file;
    }

    /** The page's own width in CSS pixels against the viewport's: wider means it scrolls sideways. */
    public boolean overflowsHorizontally() {
        Object result = driver.executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth;");
        return Boolean.TRUE.equals(result);
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static Path binary(String variable, String fallback) {
        String configured = System.getenv(variable);
        Path path = Path.of(configured != null && !configured.isBlank() ? configured : fallback);
        return Files.isExecutable(path) ? path : null;
    }
}
