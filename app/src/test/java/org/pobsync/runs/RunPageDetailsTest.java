package org.pobsync.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.testsupport.PanelRequests.nonStaff;
import static org.pobsync.testsupport.PanelRequests.staff;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pobsync.engine.TransferStats;
import org.pobsync.hosts.Host;
import org.pobsync.testsupport.Html;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * What a finished run's page tells an operator: a cancelled run says so once and shows what it
 * moved, a dry run says what it would transfer, times are absolute with their age beside them,
 * and the full log is one click away (staff only, plain UTF-8 text, from the run's own file).
 */
@WebTest
class RunPageDetailsTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    @Test
    void aCancelledRunSaysCancelledOnceAndShowsWhatItMoved() throws Exception {
        Host h = fixture.newHost("cancelled-page");
        long id = finished(h, false, RunStatus.CANCELLED, "cancelled", new TransferStats(0, 3, 7_340_032, 0));
        String page = page(id);
        String live = Html.element(page, "section", "run-live");
        assertThat(Html.text(live).split("\\bcancelled\\b", -1)).as("'cancelled' appears once").hasSize(2);
        assertThat(live).doesNotContain("error-box");
        assertThat(Html.element(live, "div", "run-bytes")).contains("7.0 MiB");
        String list = mvc.perform(get("/runs/").param("host", h.name()).with(staff()))
                .andReturn().getResponse().getContentAsString();
        assertThat(list).contains("7.0 MiB").doesNotContain("error-text");
    }

    @Test
    void aDryRunSaysWhatItWouldTransfer() throws Exception {
        Host h = fixture.newHost("dry-page");
        long id = finished(h, true, RunStatus.SUCCEEDED, null, new TransferStats(10, 4, 2048, 4096));
        String live = Html.element(page(id), "section", "run-live");
        assertThat(Html.text(live)).contains("Would transfer", "Files it would transfer").doesNotContain("Transferred");
        String list = mvc.perform(get("/runs/").param("host", h.name()).with(staff()))
                .andReturn().getResponse().getContentAsString();
        assertThat(list).contains("would be 2.0 KiB");
    }

    @Test
    void aFinishedRunShowsAbsoluteTimesWithTheirAgeBeside() throws Exception {
        Host h = fixture.newHost("times-page");
        long id = fixture.run(h, RunStatus.SUCCEEDED, null).id();
        String live = Html.element(page(id), "section", "run-live");
        assertThat(live).containsPattern(
                "<time datetime=\"[^\"]+\" title=\"[^\"]+ UTC\">\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC</time>"
                        + "<span\\s+class=\"muted\"> \\((just now|\\d+ min ago)\\)</span>");
    }

    @Test
    void theFullLogIsStreamedAsPlainTextOrAsADownload() throws Exception {
        Host h = fixture.newHost("log-page");
        long id = fixture.run(h, RunStatus.SUCCEEDED, null).id();
        String text = "sending incremental file list\n>f+++++++++ etc/caf\u00e9 \u2603\n" + "x".repeat(200_000) + "\nend\n";
        fixture.logFile(id, text);
        assertThat(page(id)).contains("href=\"/runs/" + id + "/log\"");

        MockHttpServletResponse shown = mvc.perform(get("/runs/{id}/log", id).with(staff()))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "text/plain;charset=UTF-8"))
                .andExpect(header().string("Content-Disposition", "inline; filename=\"run-" + id + ".log\""))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andReturn().getResponse();
        assertThat(shown.getContentAsString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(text);
        mvc.perform(get("/runs/{id}/log", id).param("download", "true").with(staff()))
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"run-" + id + ".log\""));

        mvc.perform(get("/runs/{id}/log", id)).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/runs/{id}/log", id).with(nonStaff())).andExpect(status().isForbidden());
    }

    @Test
    void aLogPathTrickGetsNothing() throws Exception {
        Host h = fixture.newHost("log-tricks");
        long id = fixture.run(h, RunStatus.SUCCEEDED, null).id();
        Path log = fixture.logFile(id, "fine\n");
        for (String url : new String[] {"/runs/" + id + "/log/../../../etc/passwd", "/runs/..%2F..%2Fetc%2Fpasswd/log",
                "/runs/" + id + "/log?path=/etc/passwd", "/runs/-1/log", "/runs/99999999999/log", "/runs/abc/log"}) {
            MockHttpServletResponse r = mvc.perform(get(url).with(staff())).andReturn().getResponse();
            assertThat(r.getContentAsString()).as(url).doesNotContain("root:");
            if (!url.contains("?path=")) {
                assertThat(r.getStatus()).as(url).isIn(400, 404);
            }
        }
        // A link put where the log was is not followed.
        Files.delete(log);
        Files.createSymbolicLink(log, Path.of("/etc/passwd"));
        mvc.perform(get("/runs/{id}/log", id).with(staff())).andExpect(status().isNotFound());
        Files.delete(log);
        String gone = mvc.perform(get("/runs/{id}/log", id).with(staff())).andExpect(status().isNotFound())
                .andReturn().getResponse().getContentAsString();
        assertThat(gone).contains("has no log file any more");
    }

    private String page(long id) throws Exception {
        return mvc.perform(get("/runs/{id}/", id).with(staff())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    private long finished(Host h, boolean dryRun, RunStatus status, String error, TransferStats stats) {
        RunRepository runs = new RunRepository(fixture.app().database());
        java.time.Instant now = java.time.Instant.now();
        long id = runs.insert(h.id(), RunTrigger.MANUAL, dryRun, false, RunStatus.QUEUED, now.minusSeconds(60));
        runs.markStarted(id, RunStatus.QUEUED, "worker:test", "test", ProcessHandle.current().pid(), null,
                now.minusSeconds(50));
        runs.finish(id, null, status, status == RunStatus.CANCELLED ? null : 0, error, stats, null, "rsync output", now);
        return id;
    }
}
