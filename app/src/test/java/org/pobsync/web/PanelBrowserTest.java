package org.pobsync.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.servlet.Filter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.pobsync.app.AppContext;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.hosts.Host;
import org.pobsync.runs.RunStatus;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.Browser;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TestTree;
import org.pobsync.worker.WorkerLoop;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The operator's path through the real panel in a real browser: first start and login, adding
 * a host that points at a loopback sshd, "Back up now", the run page following the run live
 * (without a reload) until it ends and then no longer polling, cancelling a slow run, and the
 * retention plan. Runs are executed by the real worker loop in this JVM, as pobsync serve does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PanelBrowserTest {

    /** Requests per partial URL, counted on the server side. */
    static final Map<String, AtomicInteger> PARTIAL_REQUESTS = new ConcurrentHashMap<>();

    @TempDir
    static Path dir;

    Browser browser;
    WebDriver driver;
    LoopbackSshd sshd;
    AppContext app;
    PobsyncWeb.Handle web;
    WorkerLoop worker;
    String adminPassword;
    Path source;

    @BeforeAll
    void start() throws Exception {
        browser = Browser.start();
        driver = browser.driver();
        sshd = LoopbackSshd.start();
        Map<String, String> env = TestDatabase.SQLITE.env(dir.resolve("var"));
        env.put("POBSYNC_BIND", "127.0.0.1:0");
        app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 8);
        app.globalConfig().update(new GlobalConfigService.Changes(dir.resolve("backups").toString(), null, null, null,
                null, null, null, null), "test");
        app.credentials().generateServerKey(false, "test");
        sshd.authorizeOnly(List.of(app.settings().sshDir().resolve("id_ed25519.pub")));
        source = dir.resolve("src");
        TestTree tree = TestTree.tree().dir("etc", 0755);
        for (int i = 0; i < 240; i++) {
            tree.largeFile("etc/file-" + i + ".bin", 16 * 1024, i);
        }
        tree.create(source);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        web = PobsyncWeb.start(app, new PrintStream(out, true, StandardCharsets.UTF_8), PartialCounter.class);
        web.announceFirstStart();
        Matcher m = Pattern.compile("password:\\s+(\\S+)").matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(m.find()).as("the first start prints the admin password: " + out).isTrue();
        adminPassword = m.group(1);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (worker != null) {
            worker.stop(Duration.ofSeconds(10));
        }
        if (web != null) {
            web.close();
        }
        if (app != null) {
            app.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    @Order(1)
    void firstStartAdminLogsInAndSeesTheEmptyDashboard() {
        open("/");
        assertThat(driver.getCurrentUrl()).endsWith("/login");
        login("admin", "wrong password");
        assertThat(text()).contains("Wrong user name or password");
        login("admin", adminPassword);
        assertThat(driver.getCurrentUrl()).startsWith(web.url()).doesNotContain("login");
        assertThat(text()).contains("No hosts yet", "Add the host");
        browser.screenshot("dashboard-empty");
    }

    @Test
    @Order(2)
    void operatorAddsAHostAndErrorsStayNextToTheirFields() {
        open("/hosts/new");
        type("name", "web1");
        type("address", "");
        type("paths", "etc");
        submit();
        assertThat(fieldError("address")).contains("required");
        assertThat(fieldError("paths")).contains("absolute path");
        assertThat(app.hosts().exists("web1")).isFalse();

        type("address", sshd.address());
        type("user", sshd.user());
        type("port", String.valueOf(sshd.port()));
        type("paths", source.resolve("etc").toString());
        // 3.75 MiB at 400 KiB/s: a run of about ten seconds, so the live page (refreshed every 2 s)
        // shows its log tail growing several times even on a fast, idle machine.
        type("bwlimit", "400");
        submit();
        assertThat(driver.getCurrentUrl()).as(this::text).endsWith("/hosts/web1/");
        assertThat(text()).contains("Host web1 added", "not pinned");

        // The SSH key page is another feature: pin the host key through the service, as the CLI does.
        Host host = app.hosts().get("web1");
        app.credentials().pin(host, app.credentials().scan(host), "test");
        // A change made outside the panel shows with the next host overview (a second or two),
        // as a CLI command's would: the host page is made once per overview.
        await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            open("/hosts/web1/");
            assertThat(text()).contains("ssh-ed25519 SHA256:").doesNotContain("not pinned");
        });
    }

    @Test
    @Order(3)
    void backUpNowIsFollowedLiveUntilItSucceedsAndThenPollingStops() throws Exception {
        beatAsScheduler();
        open("/hosts/web1/");
        long runId = backUpNow();
        assertThat(liveStatus()).isEqualTo("queued");
        assertThat(text()).contains("Waiting for a worker", "No worker has reported");
        browser.script("window.pobsyncMarker = 'same page';");

        // The real worker loop, as pobsync serve runs it; started now so the page shows "queued" first.
        worker = app.workerLoop(Duration.ofSeconds(1), 1);
        worker.start();
        browser.await(Duration.ofSeconds(30)).until(d -> "running".equals(liveStatus()));
        long interval = Long.parseLong((String) browser.script(
                "return document.getElementById('run-live').dataset.refreshInterval;"));
        List<String> tails = new ArrayList<>();
        boolean screenshotTaken = false;
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!app.runs().get(runId).status().finished() && System.nanoTime() < deadline) {
            String tail = logTail();
            if (!tail.isEmpty() && (tails.isEmpty() || !tails.get(tails.size() - 1).equals(tail))) {
                tails.add(tail);
            }
            if (!screenshotTaken && tail.lines().count() > 20) {
                browser.screenshotFullPage("run-running");
                screenshotTaken = true;
            }
            Thread.sleep(200);
        }
        assertThat(app.runs().get(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        browser.await(Duration.ofSeconds(10)).until(d -> "succeeded".equals(liveStatus()));
        assertThat(browser.script("return window.pobsyncMarker;")).as("no page reload").isEqualTo("same page");
        assertThat(tails).as("the log tail grew while the run was running").hasSizeGreaterThanOrEqualTo(2);
        assertThat(tails.get(tails.size() - 1).length()).isGreaterThan(tails.get(0).length());
        assertThat(screenshotTaken).isTrue();
        assertThat(browser.script("return document.getElementById('run-live').dataset.refreshUrl;")).isNull();

        String partial = "/runs/" + runId + "/partial";
        int afterFinish = PARTIAL_REQUESTS.getOrDefault(partial, new AtomicInteger()).get();
        assertThat(afterFinish).isGreaterThan(2);
        // The page asks again within one interval of an answer while it polls; it read the final
        // answer before afterFinish was taken, so two quiet intervals show that it stopped.
        await("no polling after the run ended").during(Duration.ofMillis(2 * interval))
                .atMost(Duration.ofMillis(2 * interval + 5000)).pollInterval(Duration.ofMillis(100))
                .until(() -> PARTIAL_REQUESTS.get(partial).get() == afterFinish);
    }

    @Test
    @Order(4)
    void dashboardAndHostPageShowTheNewSnapshot() {
        open("/");
        assertThat(text()).contains("web1").doesNotContain("No hosts yet");
        assertThat(driver.findElement(By.id("running-backups")).getAttribute("data-refresh-url"))
                .isEqualTo("/dashboard/running");
        browser.screenshotFullPage("dashboard");
        open("/hosts/web1/");
        assertThat(driver.findElements(By.cssSelector("a[href^='/snapshots/']"))).isNotEmpty();
        browser.screenshotFullPage("host-detail");
    }

    @Test
    @Order(5)
    void aSlowRunIsCancelledFromItsPage() throws Exception {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 64; i++) {
            byte[] bytes = new byte[16 * 1024];
            random.nextBytes(bytes);
            Files.write(source.resolve("etc/new-" + i + ".bin"), bytes);
        }
        open("/hosts/web1/edit");
        type("bwlimit", "20");
        submit();
        assertThat(text()).contains("Host web1 saved", "20 KiB/s");
        open("/hosts/web1/");
        long runId = backUpNow();
        browser.await(Duration.ofSeconds(30)).until(d -> "running".equals(liveStatus()));
        clickAndWaitForPage(By.xpath("//button[starts-with(normalize-space(), 'Cancel run')]"));
        assertThat(text()).contains("Cancel requested");
        browser.await(Duration.ofSeconds(30)).until(d -> "cancelled".equals(liveStatus()));
        assertThat(app.runs().get(runId).status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(text()).contains("cancelled");
    }

    @Test
    @Order(6)
    void theRetentionPlanSaysWhyEachSnapshotIsKept() {
        open("/hosts/web1/");
        clickAndWaitForPage(By.linkText("Retention plan"));
        assertThat(driver.getCurrentUrl()).endsWith("/hosts/web1/retention");
        List<WebElement> rows = driver.findElements(By.cssSelector("#retention-plan tbody tr"));
        assertThat(rows).as("the complete snapshot and the cancelled run's incomplete one").hasSize(2);
        assertThat(rows.get(0).getText()).contains("incomplete", "keep", "newer than the newest complete");
        assertThat(rows.get(1).getText()).contains("complete", "keep", "daily");
        browser.screenshotFullPage("retention-plan");
    }

    @Test
    @Order(7)
    void aConfirmedPruneIsCarriedOutByTheWorkerAndTheRegionFollowsIt() throws Exception {
        // Two old snapshots on disk, made known through the host page's "Discover snapshots".
        Path hostDir = dir.resolve("backups").resolve("web1");
        for (String old : List.of("20250101T021500Z", "20250102T021500Z")) {
            Files.createDirectories(hostDir.resolve(old).resolve("data"));
            Files.writeString(hostDir.resolve(old).resolve("data").resolve("f.txt"), "old\n");
        }
        open("/hosts/web1/");
        clickAndWaitForPage(By.xpath("//button[normalize-space()='Discover snapshots']"));
        assertThat(text()).contains("2 new");
        open("/hosts/web1/edit");
        WebElement override = driver.findElement(By.cssSelector("input[type=checkbox][name=retentionOverride]"));
        if (!override.isSelected()) {
            override.click();
        }
        type("keepLast", "1");
        submit();
        open("/hosts/web1/retention");
        clickAndWaitForPage(By.partialLinkText("Review and delete 2 snapshots"));
        assertThat(text()).contains("2 snapshots of web1 will be deleted", "20250101T021500Z");
        clickAndWaitForPage(By.xpath("//button[normalize-space()='Delete 2 snapshots']"));
        assertThat(text()).contains("queued");
        // The worker loop in this JVM claims it; the live region shows the outcome without a reload.
        browser.await(Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.id("prunes")).getText().contains("pruned 2 snapshots of web1"));
        assertThat(driver.findElement(By.id("prunes")).getAttribute("data-refresh-url")).isNull();
        assertThat(hostDir.resolve("20250101T021500Z")).doesNotExist();
        assertThat(hostDir.resolve("20250102T021500Z")).doesNotExist();
        browser.screenshotFullPage("retention-pruned");
    }

    @Test
    @Order(8)
    void theDashboardWorksOnAPhone() {
        browser.size(390, 844);
        try {
            open("/");
            assertThat(text()).contains("web1");
            Number overflow = (Number) browser.script(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow.intValue()).as(() -> "no sideways scrolling of the page; too wide: " + browser.script(
                    "var w = document.documentElement.clientWidth; return Array.from(document.querySelectorAll('body *'))"
                            + ".filter(e => e.getBoundingClientRect().right > w + 1)"
                            + ".map(e => e.tagName + '.' + e.className).slice(0, 10).join(', ');"))
                    .isLessThanOrEqualTo(0);
            browser.screenshotFullPage("dashboard-phone");
        } finally {
            browser.size(1280, 900);
        }
    }

    /** Presses "Back up now" on the open host page and returns the id of the run page it leads to. */
    private long backUpNow() {
        clickAndWaitForPage(By.xpath("//button[normalize-space()='Back up now']"));
        assertThat(driver.getCurrentUrl()).matches(".*/runs/\\d+/$");
        return Long.parseLong(driver.getCurrentUrl().replaceAll(".*/runs/(\\d+)/$", "$1"));
    }

    /** The dashboard and run pages warn when no scheduler is alive; this test runs none. */
    private void beatAsScheduler() {
        app.heartbeats().beat("scheduler", app.clock().instant());
    }

    /** Read in one script call: refresh.js may replace the region between two WebDriver calls. */
    private String liveStatus() {
        return (String) browser.script("var e = document.getElementById('run-live'); return e && e.dataset.status;");
    }

    private String logTail() {
        return (String) browser.script("var e = document.getElementById('run-log'); return e ? e.textContent : '';");
    }

    private void open(String path) {
        driver.get(web.url() + path.substring(1));
    }

    private void login(String user, String password) {
        type("username", user);
        type("password", password);
        submit();
    }

    private void type(String id, String value) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    private void submit() {
        clickAndWaitForPage(By.cssSelector("main form button[type=submit]"));
    }

    /**
     * Clicks something that loads a new page and waits until the old page is gone. A control in a
     * live region can be replaced between finding and clicking it: then it is found again.
     */
    private void clickAndWaitForPage(By target) {
        WebElement old = driver.findElement(By.tagName("html"));
        browser.await(Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class).until(d -> {
            try {
                d.findElement(target).click();
                return true;
            } catch (WebDriverException e) {
                if (Browser.isDetached(e)) {
                    return false;
                }
                throw e;
            }
        });
        browser.awaitGone(old);
    }

    private String fieldError(String id) {
        return driver.findElement(By.xpath("//*[@id='" + id + "']/ancestor::div[contains(@class,'field')]"
                + "//p[@class='error']")).getText();
    }

    private String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Counts requests to partial URLs, so the test can see when polling stops. */
    @Configuration(proxyBeanMethods = false)
    static class PartialCounter {
        @Bean
        FilterRegistrationBean<Filter> partialRequestCounter() {
            FilterRegistrationBean<Filter> bean = new FilterRegistrationBean<>((request, response, chain) -> {
                String uri = ((jakarta.servlet.http.HttpServletRequest) request).getRequestURI();
                if (uri.endsWith("/partial")) {
                    PARTIAL_REQUESTS.computeIfAbsent(uri, k -> new AtomicInteger()).incrementAndGet();
                }
                chain.doFilter(request, response);
            });
            bean.addUrlPatterns("/*");
            return bean;
        }
    }
}
