package org.pobsync.snapshots;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.pobsync.testsupport.PanelRequests.staff;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.pobsync.hosts.Host;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

@WebTest
class SnapshotControllerTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    @Test
    void listFiltersByHostAndStatus() throws Exception {
        Host h = fixture.newHost("snaps");
        Host other = fixture.newHost("snaps-other");
        fixture.snapshot(h, "20260401T021500Z", SnapshotStatus.COMPLETE, null);
        fixture.snapshot(h, "20260402T021500Z", SnapshotStatus.PARTIAL, null);
        fixture.snapshot(other, "20260403T021500Z", SnapshotStatus.COMPLETE, null);
        mvc.perform(get("/snapshots/").param("host", h.name()).param("status", "partial").with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("20260402T021500Z")))
                .andExpect(content().string(not(containsString("20260401T021500Z"))))
                .andExpect(content().string(not(containsString("20260403T021500Z"))));
        mvc.perform(get("/snapshots/").with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("20260403T021500Z")));
    }

    @Test
    void detailShowsSizesAndLinksItsBase() throws Exception {
        Host h = fixture.newHost("snap-detail");
        SnapshotRecord base = fixture.snapshot(h, "20260501T021500Z", SnapshotStatus.COMPLETE, null);
        SnapshotRecord s = fixture.snapshot(h, "20260502T021500Z", SnapshotStatus.COMPLETE, base.id());
        mvc.perform(get("/snapshots/" + s.id() + "/").with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("href=\"/snapshots/" + base.id() + "/\"")))
                .andExpect(content().string(containsString("3.0 GiB")))
                .andExpect(content().string(containsString("12.0 MiB")))
                .andExpect(content().string(containsString("1,204")))
                .andExpect(content().string(containsString("1 min 35 s")))
                .andExpect(content().string(containsString("title=\"2026-05-02 02:15:00 UTC\"")));
    }

    @Test
    void badFiltersAndUnknownSnapshotsAreErrorPagesNotStackTraces() throws Exception {
        mvc.perform(get("/snapshots/999999/").with(staff()))
                .andExpect(status().isNotFound())
                .andExpect(content().string(containsString("does not exist")));
        mvc.perform(get("/snapshots/abc/").with(staff())).andExpect(status().isNotFound());
        mvc.perform(get("/snapshots/").param("status", "shiny").with(staff()))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("unknown snapshot status")));
        mvc.perform(get("/snapshots/").param("host", "ghost").with(staff())).andExpect(status().isNotFound());
    }
}
