package org.pobsync.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pobsync.hosts.Host;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.testsupport.DeepTree;
import org.pobsync.testsupport.SnapshotsOnDisk;
import org.pobsync.testsupport.TrickyTree;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.pobsync.format.Json;
import tools.jackson.databind.JsonNode;

/** /api/snapshots/{id}/files/ and /api/hosts/{name}/versions/: fields, paging, and what they refuse. */
@WebTest
class SnapshotFilesApiTest {

    static final List<String> ENTRY = List.of("name", "path", "type", "size", "mode", "permissions", "uid", "gid",
            "owner", "group", "mtime", "nlink", "inode", "link_target");
    static final List<String> VERSION = List.of("snapshot", "snapshot_id", "snapshot_status", "type", "size", "mode",
            "permissions", "uid", "gid", "mtime", "nlink", "inode", "link_target", "same_as_previous",
            "unchanged_since");
    private static final AtomicInteger USERS = new AtomicInteger();

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    Host host;
    SnapshotRecord first;
    SnapshotRecord second;
    String token;

    @BeforeEach
    void snapshots() throws Exception {
        host = fixture.newHost("api-files");
        Path a = SnapshotsOnDisk.create(fixture, host, "20261120T021500Z", SnapshotStatus.COMPLETE);
        TrickyTree.create(a);
        Path b = SnapshotsOnDisk.create(fixture, host, "20261121T021500Z", SnapshotStatus.PARTIAL);
        DeepTree.bash(b.getParent(), "cp -a ../20261120T021500Z/data/. data/ && rm data/etc/hosts"
                + " && ln ../20261120T021500Z/data/etc/hosts data/etc/hosts && printf changed > data/suid");
        first = SnapshotsOnDisk.record(fixture, host, "20261120T021500Z");
        second = SnapshotsOnDisk.record(fixture, host, "20261121T021500Z");
        token = ApiSamples.token(fixture, "api-files-" + USERS.incrementAndGet(), true, true);
    }

    private MockHttpServletResponse call(String url) throws Exception {
        return mvc.perform(get(url).header("Authorization", "Bearer " + token)).andReturn().getResponse();
    }

    private MockHttpServletResponse call(String url, String path) throws Exception {
        return mvc.perform(get(url).param("path", path).header("Authorization", "Bearer " + token))
                .andReturn().getResponse();
    }

    private JsonNode ok(String url) throws Exception {
        MockHttpServletResponse r = call(url);
        assertThat(r.getStatus()).as(url + ": " + r.getContentAsString()).isEqualTo(200);
        return Json.MAPPER.readTree(r.getContentAsString());
    }

    @Test
    void aDirectoryListsItsEntriesWithEveryField() throws Exception {
        JsonNode list = ok("/api/snapshots/" + first.id() + "/files/?path=/etc");
        assertThat(list.propertyNames()).containsExactlyInAnyOrder("snapshot_id", "host", "snapshot", "path", "type",
                "count", "limit", "offset", "next", "previous", "results");
        assertThat(list.get("path").asString()).isEqualTo("/etc");
        assertThat(list.get("type").asString()).isEqualTo("directory");
        JsonNode evil = find(list.get("results"), "name", "evil");
        assertThat(evil.propertyNames()).containsExactlyInAnyOrderElementsOf(ENTRY);
        assertThat(evil.get("type").asString()).isEqualTo("symlink");
        assertThat(evil.get("link_target").asString()).isEqualTo("/etc/shadow");
        JsonNode hosts = find(list.get("results"), "name", "hosts");
        assertThat(hosts.get("nlink").asLong()).isEqualTo(4);
        assertThat(hosts.get("mode").asString()).isEqualTo("-rw-r--r--");
        assertThat(hosts.get("mtime").asString()).isEqualTo("2024-03-01T10:00:00Z");
        assertThat(find(ok("/api/snapshots/" + first.id() + "/files/").get("results"), "name", "suid")
                .get("permissions").asString()).isEqualTo("4755");
    }

    @Test
    void escapedNamesCanBeAskedForAgain() throws Exception {
        JsonNode root = ok("/api/snapshots/" + first.id() + "/files/?limit=500");
        JsonNode odd = find(root.get("results"), "name", TrickyTree.NON_UTF8);
        MockHttpServletResponse r = call("/api/snapshots/" + first.id() + "/files/", odd.get("path").asString());
        assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(200);
        JsonNode again = Json.MAPPER.readTree(r.getContentAsString());
        assertThat(again.get("results").get(0).get("inode").asLong()).isEqualTo(odd.get("inode").asLong());
        assertThat(again.get("type").asString()).isEqualTo("file");
    }

    @Test
    void pagesKeepThePath() throws Exception {
        JsonNode page = ok("/api/snapshots/" + first.id() + "/files/?path=/etc&limit=2&offset=2");
        assertThat(page.get("results")).hasSize(2);
        assertThat(page.get("next").asString()).contains("path=/etc").contains("offset=4");
        List<String> names = new ArrayList<>();
        ok("/api/snapshots/" + first.id() + "/files/?path=/etc").get("results").forEach(e -> names.add(e.get("name").asString()));
        assertThat(names.get(0)).as("directories first").isEqualTo("ssh");
    }

    @Test
    void versionsSayWhatStayedTheSameFile() throws Exception {
        JsonNode hosts = ok("/api/hosts/" + host.name() + "/versions/?path=/etc/hosts");
        assertThat(hosts.get("count").asInt()).isEqualTo(2);
        JsonNode newest = hosts.get("results").get(0);
        assertThat(newest.propertyNames()).containsExactlyInAnyOrderElementsOf(VERSION);
        assertThat(newest.get("snapshot").asString()).isEqualTo("20261121T021500Z");
        assertThat(newest.get("snapshot_status").asString()).isEqualTo("partial");
        assertThat(newest.get("same_as_previous").asBoolean()).isTrue();
        assertThat(newest.get("unchanged_since").asString()).isEqualTo("20261120T021500Z");
        assertThat(hosts.get("results").get(1).get("same_as_previous").isNull()).isTrue();

        JsonNode suid = ok("/api/hosts/" + host.name() + "/versions/?path=/suid");
        assertThat(suid.get("results").get(0).get("same_as_previous").asBoolean()).isFalse();
        assertThat(suid.get("results").get(0).get("unchanged_since").isNull()).isTrue();
        assertThat(ok("/api/hosts/" + host.name() + "/versions/?path=/not-there").get("count").asInt()).isZero();
    }

    @Test
    void aSnapshotWhereThePathLeadsThroughASymlinkDoesNotHoldIt() throws Exception {
        Path c = SnapshotsOnDisk.create(fixture, host, "20261123T021500Z", SnapshotStatus.COMPLETE);
        Files.createSymbolicLink(c.resolve("etc"), Path.of("/etc"));
        JsonNode hosts = ok("/api/hosts/" + host.name() + "/versions/?path=/etc/hosts");
        assertThat(hosts.get("count").asInt()).isEqualTo(2);
        assertThat(hosts.get("results").get(0).get("snapshot").asString()).isEqualTo("20261121T021500Z");
    }

    @Test
    void badPathsAreClientErrorsAndNothingOutsideTheSnapshotIsRead() throws Exception {
        String files = "/api/snapshots/" + first.id() + "/files/";
        for (String path : List.of("../../../etc", "/etc/../../..", "..", "\\x2e\\x2e", "/etc/up/etc",
                "/etc/evil/x", "bad\\q", "a\\x00")) {
            MockHttpServletResponse r = call(files, path);
            assertThat(r.getStatus()).as(path + ": " + r.getContentAsString()).isEqualTo(400);
            assertThat(r.getContentType()).startsWith("application/json");
        }
        assertThat(call(files, "/etc/passwd").getStatus()).as("the snapshot's, which it does not have").isEqualTo(404);
        assertThat(call("/api/snapshots/999999/files/").getStatus()).isEqualTo(404);
        assertThat(call("/api/hosts/" + host.name() + "/versions/", "/etc/../..").getStatus()).isEqualTo(400);
        assertThat(call("/api/hosts/ghost/versions/?path=/etc").getStatus()).isEqualTo(404);
        long incomplete = fixture.snapshot(host, "20261122T021500Z", SnapshotStatus.INCOMPLETE, null).id();
        assertThat(call("/api/snapshots/" + incomplete + "/files/").getStatus()).isEqualTo(409);
        assertThat(call("/api/snapshots/" + first.id() + "/files/?limit=0").getStatus()).isEqualTo(400);
    }

    @Test
    void anonymousAndNonStaffCallersAreRefused() throws Exception {
        String url = "/api/snapshots/" + first.id() + "/files/?path=/etc";
        assertThat(mvc.perform(get(url)).andReturn().getResponse().getStatus()).isEqualTo(401);
        String demoted = ApiSamples.token(fixture, "api-files-demoted-" + USERS.incrementAndGet(), false, true);
        assertThat(mvc.perform(get(url).header("Authorization", "Bearer " + demoted)).andReturn().getResponse()
                .getStatus()).isEqualTo(403);
        assertThat(mvc.perform(get("/api/hosts/" + host.name() + "/versions/?path=/etc")).andReturn().getResponse()
                .getStatus()).isEqualTo(401);
    }

    @Test
    void everyLookIsAudited() throws Exception {
        ok("/api/snapshots/" + first.id() + "/files/?path=/etc/ssh");
        assertThat(fixture.app().audit().recent(null, "snapshot.browse", 50, 0))
                .anyMatch(e -> e.target().equals(host.name() + "/20261120T021500Z") && e.detail().equals("path=/etc/ssh"));
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.get(field).asString().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no element with " + field + "=" + value + " in " + array);
    }
}
