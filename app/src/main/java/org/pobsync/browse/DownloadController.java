package org.pobsync.browse;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import org.pobsync.engine.archive.ArchiveFormat;
import org.pobsync.engine.archive.ArchiveSelection;
import org.pobsync.engine.tree.SnapshotPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Downloads from a snapshot (SPEC section 13): one file at {@code download/<path>}, streamed,
 * with Range for resuming; a directory at {@code archive/<path>?format=tar.gz|zip}, or a
 * selection posted to the same URL. Always an attachment with {@code nosniff}, so a file from a
 * backup is never shown or run in the panel's origin. Memory stays flat: one 64 KiB buffer.
 */
@Controller
class DownloadController {

    private static final Logger log = LoggerFactory.getLogger(DownloadController.class);
    /** Tomcat's response buffer is 8 KiB: bigger writes mean fewer system calls for a big download. */
    private static final int BUFFER = 64 * 1024;

    private final SnapshotFiles files;
    private final SnapshotDownloads downloads;

    DownloadController(SnapshotFiles files, SnapshotDownloads downloads) {
        this.files = files;
        this.downloads = downloads;
    }

    @GetMapping("/snapshots/{host}/{snapshot}/download/{*path}")
    void download(@PathVariable String host, @PathVariable String snapshot, @PathVariable String path,
                  @RequestParam(name = "path", required = false) String pathParam, Principal principal,
                  HttpServletRequest request, HttpServletResponse response) throws IOException {
        BrowsableSnapshot s = files.snapshot(host, snapshot);
        SnapshotPath p = SnapshotPath.parse(pathParam != null ? pathParam : path);
        if (p.isRoot()) {
            throw new IllegalArgumentException("choose a file to download (a directory downloads as an archive)");
        }
        try (SnapshotDownloads.FileDownload file = downloads.openFile(s, p, principal.getName())) {
            long size = file.stat().size();
            String etag = "\"" + file.stat().inode() + "-" + size + "-" + file.stat().mtime().toEpochMilli() + "\"";
            ByteRange range = ByteRange.parse(request.getHeader("Range"), size);
            String ifRange = request.getHeader("If-Range");
            if (ifRange != null && !ifRange.equals(etag)) {
                range = ByteRange.WHOLE; // the file changed since the client's first part: start over
            }
            response.setHeader("Accept-Ranges", "bytes");
            response.setHeader("ETag", etag);
            response.setDateHeader("Last-Modified", file.stat().mtime().toEpochMilli());
            if (range == ByteRange.UNSATISFIABLE) {
                response.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
                response.setHeader("Content-Range", "bytes */" + size);
                return;
            }
            long start = range == ByteRange.WHOLE ? 0 : range.start();
            long length = range == ByteRange.WHOLE ? size : range.length();
            if (range != ByteRange.WHOLE) {
                response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
                response.setHeader("Content-Range", "bytes " + start + "-" + (start + length - 1) + "/" + size);
            }
            String name = p.fileName().escaped();
            response.setContentType(MediaTypeFactory.getMediaType(name).orElse(MediaType.APPLICATION_OCTET_STREAM)
                    .toString());
            response.setContentLengthLong(length);
            response.setHeader("Content-Disposition", attachment(name));
            response.setBufferSize(BUFFER);
            if (!"HEAD".equals(request.getMethod())) {
                copy(file, start, length, response.getOutputStream());
            }
        }
    }

    @GetMapping("/snapshots/{host}/{snapshot}/archive/{*path}")
    void archive(@PathVariable String host, @PathVariable String snapshot, @PathVariable String path,
                 @RequestParam(name = "path", required = false) String pathParam,
                 @RequestParam(required = false) String format, Principal principal,
                 HttpServletRequest request, HttpServletResponse response) throws IOException {
        BrowsableSnapshot s = files.snapshot(host, snapshot);
        SnapshotPath p = SnapshotPath.parse(pathParam != null ? pathParam : path);
        ArchiveFormat f = ArchiveFormat.parse(format);
        if ("HEAD".equals(request.getMethod())) {
            // The headers only: the archive's size is not known before it is written.
            response.setContentType(f.contentType());
            return;
        }
        stream(downloads.archive(s, ArchiveSelection.of(p), f, principal.getName()), s, response);
    }

    /** A selection of the directory's entries (escaped paths, as the page's checkboxes send them). */
    @PostMapping("/snapshots/{host}/{snapshot}/archive/{*path}")
    void archiveSelection(@PathVariable String host, @PathVariable String snapshot, @PathVariable String path,
                          @RequestParam(name = "path", required = false) String pathParam,
                          @RequestParam(required = false) String format,
                          @RequestParam(name = "selected", required = false) List<String> selected,
                          Principal principal, HttpServletResponse response) throws IOException {
        BrowsableSnapshot s = files.snapshot(host, snapshot);
        SnapshotPath base = SnapshotPath.parse(pathParam != null ? pathParam : path);
        if (selected == null || selected.isEmpty()) {
            throw new IllegalArgumentException("nothing selected: tick the files and directories to download");
        }
        if (selected.size() > SnapshotDownloads.MAX_SELECTION) {
            throw new IllegalArgumentException("at most " + SnapshotDownloads.MAX_SELECTION + " paths at once");
        }
        List<SnapshotPath> paths = new ArrayList<>();
        for (String text : selected) {
            paths.add(SnapshotPath.parse(text));
        }
        stream(downloads.archive(s, new ArchiveSelection(base, paths), ArchiveFormat.parse(format),
                principal.getName()), s, response);
    }

    private static void stream(SnapshotDownloads.ArchiveDownload archive, BrowsableSnapshot s,
                               HttpServletResponse response) throws IOException {
        response.setContentType(archive.format().contentType());
        response.setHeader("Content-Disposition", attachment(archive.fileName()));
        response.setBufferSize(BUFFER);
        try {
            archive.writer().writeTo(response.getOutputStream());
        } catch (IOException e) {
            // The response is under way: all that is left is to cut it, so the client's tar or
            // unzip reports a truncated archive instead of taking it for the whole.
            log.warn("archive {} of {} cut short: {}", archive.fileName(), s.label(), e.toString());
            throw e;
        }
    }

    private static void copy(SnapshotDownloads.FileDownload file, long start, long length, OutputStream out)
            throws IOException {
        byte[] buffer = new byte[BUFFER];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        long position = start;
        long left = length;
        while (left > 0) {
            wrapped.clear().limit((int) Math.min(buffer.length, left));
            int n = file.channel().read(wrapped, position);
            if (n < 0) {
                throw new IOException(file.path() + " ended before its size: changed while being read");
            }
            out.write(buffer, 0, n);
            position += n;
            left -= n;
        }
    }

    /** attachment with an ASCII fallback name and the real one (RFC 6266, RFC 8187). */
    static String attachment(String name) {
        String ascii = name.replaceAll("[^A-Za-z0-9._ -]", "_");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
