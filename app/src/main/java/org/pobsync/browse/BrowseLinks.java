package org.pobsync.browse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.pobsync.engine.tree.EntryName;
import org.pobsync.engine.tree.SnapshotPath;
import org.springframework.web.util.UriUtils;

/**
 * The panel's URLs of one snapshot's files (SPEC section 13): {@code /snapshots/<host>/<snapshot>/
 * browse|download|versions|archive/<path>}, each name in its escaped form, percent-encoded.
 * A name the request firewall would refuse inside a path (one holding {@code %}, {@code ;} or a
 * backslash, which every name that is not plain UTF-8 does) makes the link carry the path as
 * {@code ?path=} instead; both forms name the same thing. A template gets one as {@code links}.
 */
public final class BrowseLinks {

    /** A breadcrumb: a name and where it leads. */
    public record Crumb(String name, String url) {
    }

    private final String host;
    private final String base;

    public BrowseLinks(String host, String snapshot) {
        this.host = host;
        this.base = "/snapshots/" + host + "/" + snapshot + "/";
    }

    /** The same links in another snapshot of the host. */
    public BrowseLinks forSnapshot(String snapshot) {
        return new BrowseLinks(host, snapshot);
    }

    public String browse(SnapshotPath path) {
        return url("browse", path);
    }

    public String download(SnapshotPath path) {
        return url("download", path);
    }

    public String versions(SnapshotPath path) {
        return url("versions", path);
    }

    public String archive(SnapshotPath path, String format) {
        String url = url("archive", path);
        return url + (url.contains("?") ? "&" : "?") + "format=" + format;
    }

    /** Where a form posts a selection made in the directory {@code path}. */
    public String archiveForm(SnapshotPath path) {
        return url("archive", path);
    }

    /** The snapshot's root, then each directory down to {@code path}. */
    public List<Crumb> crumbs(SnapshotPath path) {
        List<Crumb> crumbs = new ArrayList<>();
        crumbs.add(new Crumb("/", browse(SnapshotPath.ROOT)));
        List<EntryName> walked = new ArrayList<>();
        for (EntryName name : path.names()) {
            walked.add(name);
            crumbs.add(new Crumb(name.escaped(), browse(SnapshotPath.of(walked))));
        }
        return crumbs;
    }

    private String url(String action, SnapshotPath path) {
        StringBuilder url = new StringBuilder(base).append(action).append('/');
        if (!fitsInPath(path)) {
            return url.append("?path=").append(URLEncoder.encode(path.escaped(), StandardCharsets.UTF_8)).toString();
        }
        for (EntryName name : path.names()) {
            url.append(UriUtils.encodePathSegment(name.escaped(), StandardCharsets.UTF_8)).append('/');
        }
        if (!path.isRoot()) {
            url.setLength(url.length() - 1);
        }
        return url.toString();
    }

    private static boolean fitsInPath(SnapshotPath path) {
        for (EntryName name : path.names()) {
            String text = name.escaped();
            if (text.indexOf('%') >= 0 || text.indexOf(';') >= 0 || text.indexOf('\\') >= 0) {
                return false;
            }
        }
        return true;
    }
}
