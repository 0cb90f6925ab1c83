package org.pobsync.engine.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.pobsync.engine.TransferStats;
import org.pobsync.engine.layout.SnapshotMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the few snapshot.json fields discovery needs, field by field, so that a file from an
 * older or newer pobsync, or one damaged by hand, still yields whatever it holds: unknown fields
 * are ignored and a field of the wrong type counts as missing. Only a file that is not JSON at
 * all is "unreadable". The writer lives in engine.layout; this reader is deliberately separate
 * so discovery keeps working on files the writer would never produce.
 */
final class SnapshotJsonReader {

    private static final Logger log = LoggerFactory.getLogger(SnapshotJsonReader.class);
    /** Real files are a few KB; a bigger one is not ours and is not worth the memory. */
    private static final long MAX_BYTES = 4L << 20;

    /** The fields discovery uses; each null when absent or unusable. */
    record SnapshotJson(String status, Instant startedAt, Instant finishedAt, String baseSnapshot,
                        TransferStats stats) {
        static final SnapshotJson NONE = new SnapshotJson(null, null, null, null, null);
    }

    record Result(MetadataSource source, SnapshotJson json) {
    }

    private final JsonMapper mapper = JsonMapper.builder().build();

    Result read(Path snapshotDir) {
        Path file = snapshotDir.resolve(SnapshotMetadata.FILE_NAME);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return new Result(MetadataSource.DIRECTORY_NAME, SnapshotJson.NONE);
        } catch (IOException e) {
            return unreadable(file, e.toString());
        }
        if (!attrs.isRegularFile()) {
            // A symlink is never followed (it could point anywhere), a fifo would block the scan.
            return unreadable(file, "not a regular file");
        }
        if (attrs.size() > MAX_BYTES) {
            return unreadable(file, attrs.size() + " bytes is too big for snapshot metadata");
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            JsonNode root = mapper.readTree(in.readNBytes((int) MAX_BYTES + 1));
            if (root == null || !root.isObject()) {
                return unreadable(file, "not a JSON object");
            }
            return new Result(MetadataSource.SNAPSHOT_JSON, new SnapshotJson(text(root, "status"),
                    instant(root, "started_at"), instant(root, "finished_at"), text(root, "base_snapshot"),
                    stats(root.get("stats"))));
        } catch (IOException | JacksonException e) {
            return unreadable(file, e.getMessage());
        }
    }

    private static Result unreadable(Path file, String why) {
        log.warn("ignoring {}: {}; using the directory name instead", file, why);
        return new Result(MetadataSource.UNREADABLE_JSON, SnapshotJson.NONE);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() && !value.stringValue().isBlank() ? value.stringValue() : null;
    }

    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static TransferStats stats(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        return new TransferStats(count(node, "files"), count(node, "files_transferred"),
                count(node, "bytes_transferred"), count(node, "total_size"));
    }

    private static long count(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isIntegralNumber() && value.canConvertToLong() ? value.longValue() : 0;
    }
}
