package org.pobsync.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by Debian's chromedriver: nothing is downloaded (SE_OFFLINE, explicit
 * binary paths), a fresh profile per browser. Skips locally when the binaries are missing; CI
 * fails instead (see {@link TestEnvironment}). One browser per test class: it starts in ~2 s.
 */
public final class Browser implements AutoCloseable {

    /** Where screenshots go: build output, kept as test artifacts. */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Browser start() {
        Path chromium = TestEnvironment.requireBinary("/usr/bin/chromium", "chromium");
        Path chromedriver = TestEnvironment.requireBinary("/usr/bin/chromedriver", "chromedriver");
        System.setProperty("SE_OFFLINE", "true");
        try {
            Path profile = Files.createTempDirectory("pobsync-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,900");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(chromedriver.toString()))
                    .usingAnyFreePort()
                    .build();
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver().get(url);
    }

    public org.openqa.selenium.WebElement find(String css) {
        return driver().findElement(org.openqa.selenium.By.cssSelector(css));
    }

    public String text(String css) {
        return find(css).getText();
    }

    /** Clicks and waits until the next page has replaced this one (a form post or a link). */
    public void clickAndWait(String css) {
        org.openqa.selenium.WebElement old = driver().findElement(org.openqa.selenium.By.tagName("html"));
        find(css).click();
        awaitGone(old);
    }

    /**
     * Waits until {@code old} (the html element of the page before a navigation) is gone. While
     * the new document replaces it, Chrome may answer "stale element" or, for a moment, "node
     * does not belong to the document" (an unknown error): both mean the old page is gone.
     */
    public void awaitGone(org.openqa.selenium.WebElement old) {
        await(Duration.ofSeconds(30)).until(d -> {
            try {
                old.isDisplayed();
                return false;
            } catch (org.openqa.selenium.StaleElementReferenceException gone) {
                return true;
            } catch (org.openqa.selenium.WebDriverException e) {
                if (isDetached(e)) {
                    return true;
                }
                throw e;
            }
        });
    }

    /** Chrome's other word for a stale element: the node left the document (an "unknown error"). */
    public static boolean isDetached(org.openqa.selenium.WebDriverException e) {
        return String.valueOf(e.getMessage()).contains("does not belong to the document");
    }

    /** Logs in on the panel's login page ({@code baseUrl} ends with a slash). */
    public void logIn(String baseUrl, String username, String password) {
        open(baseUrl + "login");
        find("#username").sendKeys(username);
        find("#password").sendKeys(password);
        clickAndWait("button[type=submit]");
    }

    /**
     * Waits for a condition, polling every 100 ms. Live regions are replaced at every refresh, so
     * an element found just before its region goes is stale: that poll simply counts as "not yet".
     */
    public WebDriverWait await(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.pollingEvery(Duration.ofMillis(100));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    public void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves a PNG of the viewport as target/screenshots/NAME.png and returns its path. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Like {@link #screenshot}, with the window stretched to the page's height first. */
    public Path screenshotFullPage(String name) {
        Dimension before = driver.manage().window().getSize();
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
        size(before.getWidth(), Math.max(before.getHeight(), Math.min(height.intValue() + 120, 6000)));
        try {
            return screenshot(name);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    /** Lets pages write and tests read the clipboard, which headless Chromium allows only on request. */
    public void allowClipboard() {
        driver.executeCdpCommand("Browser.grantPermissions", java.util.Map.of("permissions",
                java.util.List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    }

    /** What is on the clipboard now (after {@link #allowClipboard}), e.g. after a Copy button. */
    public String clipboard() {
        return String.valueOf(driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + " navigator.clipboard.readText().then(done, function (e) { done('clipboard error: ' + e); });"));
    }

    /** Runs a script in the page (tests use it to mark the page and prove it was not reloaded). */
    public Object script(String js, Object... args) {
        return driver.executeScript(js, args);
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
