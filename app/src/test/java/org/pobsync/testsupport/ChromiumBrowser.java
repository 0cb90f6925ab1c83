package org.pobsync.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium driven through Debian's chromedriver (nothing is downloaded:
 * both paths are explicit and Selenium Manager is off). One per test class; it starts in about
 * two seconds. Skips locally, fails in CI, when the binaries are missing.
 */
public final class ChromiumBrowser implements AutoCloseable {

    private final ChromeDriver driver;
    private final Path profile;

    private ChromiumBrowser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static ChromiumBrowser start() {
        Path chromium = TestEnvironment.requireBinary("/usr/bin/chromium");
        Path chromedriver = TestEnvironment.requireBinary("/usr/bin/chromedriver");
        System.setProperty("SE_OFFLINE", "true");
        try {
            Path profile = Files.createTempDirectory("pobsync-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(chromedriver.toString()))
                    .usingAnyFreePort()
                    .build();
            return new ChromiumBrowser(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** Clicks and waits until the next page has replaced this one (a form post or a link). */
    public void clickAndWait(String css) {
        WebElement old = driver.findElement(By.tagName("html"));
        find(css).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
            try {
                old.isDisplayed();
                return false;
            } catch (org.openqa.selenium.StaleElementReferenceException gone) {
                return true;
            }
        });
    }

    /** Logs in on the panel's login page. */
    public void logIn(String baseUrl, String username, String password) {
        open(baseUrl + "login");
        find("#username").sendKeys(username);
        find("#password").sendKeys(password);
        clickAndWait("button[type=submit]");
    }

    public String text(String css) {
        return find(css).getText();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var paths = Files.walk(profile)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException ignored) {
                // best effort
            }
        }
    }
}
