package org.pobsync.browse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.pobsync.testsupport.PanelRequests.staff;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pobsync.hosts.Host;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.testsupport.Commands;
import org.pobsync.testsupport.DeepTree;
import org.pobsync.testsupport.SameTree;
import org.pobsync.testsupport.SnapshotsOnDisk;
import org.pobsync.testsupport.TestEnvironment;
import org.pobsync.testsupport.TrickyTree;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

@WebTest
class DownloadControllerTest {

    static final String SNAP = "20261120T021500Z";

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    Host host;
    Path data;
    Path scratch;
    String base;

    @BeforeEach
    void snapshot() throws IOException {
        host = fixture.newHost("download");
        data = SnapshotsOnDisk.create(fixture, host, SNAP, SnapshotStatus.COMPLETE);
        TrickyTree.create(data);
        base = "/snapshots/" + host.name() + "/" + SNAP;
        scratch = Files.createTempDirectory("pobsync-download-");
    }

    @AfterEach
    void cleanUp() {
        DeepTree.removeContents(scratch);
        DeepTree.bash(scratch.getParent(), "rm -rf " + scratch.getFileName());
    }

    @Test
    void aFileComesAsAnAttachmentWithItsLengthAndType() throws Exception {
        byte[] expected = Files.readAllBytes(data.resolve("etc/random.bin"));
        byte[] body = mvc.perform(get(base + "/download/etc/random.bin").with(staff()))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Length", String.valueOf(expected.length)))
                .andExpect(header().string("Accept-Ranges", "bytes"))
                .andExpect(header().string("Content-Disposition", containsString("attachment; filename=\"random.bin\"")))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(body).isEqualTo(expected);
        mvc.perform(get(base + "/download/etc/hosts").with(staff()))
                .andExpect(content().bytes("hello\n".getBytes()));
    }

    @Test
    void rangesResumeADownload() throws Exception {
        byte[] all = Files.readAllBytes(data.resolve("etc/random.bin"));
        byte[] part = mvc.perform(get(base + "/download/etc/random.bin").header("Range", "bytes=1000-1999").with(staff()))
                .andExpect(status().isPartialContent())
                .andExpect(header().string("Content-Range", "bytes 1000-1999/" + all.length))
                .andExpect(header().string("Content-Length", "1000"))
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(part).isEqualTo(Arrays.copyOfRange(all, 1000, 2000));
        byte[] tail = mvc.perform(get(base + "/download/etc/random.bin").header("Range", "bytes=-10").with(staff()))
                .andExpect(status().isPartialContent())
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(tail).isEqualTo(Arrays.copyOfRange(all, all.length - 10, all.length));
        byte[] rest = mvc.perform(get(base + "/download/etc/random.bin").header("Range", "bytes=299990-").with(staff()))
                .andExpect(status().isPartialContent())
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(rest).isEqualTo(Arrays.copyOfRange(all, 299990, all.length));
        mvc.perform(get(base + "/download/etc/random.bin").header("Range", "bytes=999999999-").with(staff()))
                .andExpect(status().isRequestedRangeNotSatisfiable())
                .andExpect(header().string("Content-Range", "bytes */" + all.length));
        mvc.perform(get(base + "/download/etc/random.bin").header("Range", "bytes=0-9")
                        .header("If-Range", "\"another-version\"").with(staff()))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Length", String.valueOf(all.length)));
    }

    @Test
    void headAnswersWithTheHeadersOnly() throws Exception {
        mvc.perform(head(base + "/download/etc/hosts").with(staff()))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Length", "6"))
                .andExpect(content().bytes(new byte[0]));
    }

    @Test
    void directoriesDevicesAndSymlinksAreNotDownloadableAsFiles() throws Exception {
        mvc.perform(get(base + "/download/etc").with(staff())).andExpect(status().isBadRequest());
        mvc.perform(get(base + "/download/pipe").with(staff())).andExpect(status().isBadRequest());
        mvc.perform(get(base + "/download/etc/relative").with(staff())).andExpect(status().isBadRequest());
        mvc.perform(get(base + "/download/nothing").with(staff())).andExpect(status().isNotFound());
    }

    @Test
    void theWholeSnapshotAsTarGzExtractsWithGnuTarIntoTheSameTree() throws Exception {
        byte[] archive = mvc.perform(get(base + "/archive/").param("format", "tar.gz").with(staff()))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/gzip"))
                .andExpect(header().string("Content-Disposition",
                        containsString("filename=\"" + host.name() + "-" + SNAP + "-all.tar.gz\"")))
                .andReturn().getResponse().getContentAsByteArray();

        SameTree.assertSame(data, untar(archive));
    }

    @Test
    void aDirectoryArchiveHoldsTheDirectoryByItsName() throws Exception {
        byte[] archive = mvc.perform(get(base + "/archive/etc").with(staff()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();

        Path out = untar(archive);
        SameTree.assertSame(data.resolve("etc"), out.resolve("etc"));
    }

    @Test
    void aPostedSelectionIsArchivedRelativeToItsDirectory() throws Exception {
        byte[] archive = mvc.perform(post(base + "/archive/etc").param("format", "tar.gz")
                        .param("selected", "/etc/ssh", "/etc/hosts").with(staff()).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();

        Path out = untar(archive);
        try (var names = Files.list(out)) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ssh", "hosts");
        }
        mvc.perform(post(base + "/archive/etc").param("selected", "/home/../../etc").with(staff()).with(csrf()))
                .andExpect(status().isBadRequest());
        mvc.perform(post(base + "/archive/etc").param("selected", "/suid").with(staff()).with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("not inside")));
        mvc.perform(post(base + "/archive/etc").with(staff()).with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("nothing selected")));
    }

    @Test
    void aZipForOtherDesktops() throws Exception {
        byte[] archive = mvc.perform(get(base + "/archive/etc").param("format", "zip").with(staff()))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/zip"))
                .andReturn().getResponse().getContentAsByteArray();
        TestEnvironment.requireBinary("unzip");
        Path zip = Files.write(scratch.resolve("etc.zip"), archive);
        Path out = Files.createDirectories(scratch.resolve("unzipped"));
        Commands.Result r = Commands.run(out, List.of("unzip", "-q", "-X", zip.toString()));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(Files.readString(out.resolve("etc/ssh/ssh_host_key"))).isEqualTo("secret");
        mvc.perform(get(base + "/archive/etc").param("format", "rar").with(staff()))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("use tar.gz or zip")));
    }

    private Path untar(byte[] archive) throws IOException {
        TestEnvironment.requireBinary("tar");
        Path file = Files.write(scratch.resolve("archive.tar.gz"), archive);
        Path out = Files.createDirectories(scratch.resolve("extracted"));
        Commands.Result r = Commands.run(out, List.of("tar", "-xzpf", file.toString(), "--numeric-owner"));
        assertThat(r.exitCode()).as(r.output()).isZero();
        return out;
    }
}
