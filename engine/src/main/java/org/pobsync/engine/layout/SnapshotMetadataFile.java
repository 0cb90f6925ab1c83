package org.pobsync.engine.layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.pobsync.engine.io.AtomicFile;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes {@code snapshot.json}: pretty JSON, snake_case names
 * ({@code format_version}, {@code started_at}, {@code base_snapshot}, ...), instants as ISO-8601
 * UTC strings. Readers ignore fields they do not know, so a newer pobsync's file still reads.
 * Writes go through {@link AtomicFile}: a crash leaves the old metadata or the new, never half of one.
 */
public final class SnapshotMetadataFile {

    private static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-r--r--");

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private SnapshotMetadataFile() {
    }

    /** The metadata file of a snapshot directory. */
    public static Path fileIn(Path snapshotDir) {
        return snapshotDir.resolve(SnapshotMetadata.FILE_NAME);
    }

    /**
     * Reads a snapshot.json.
     *
     * @throws IOException when it is missing, not a regular file (symbolic links are not
     *                     followed), or not valid metadata
     */
    public static SnapshotMetadata read(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + " is not a regular file");
        }
        try {
            SnapshotMetadata metadata = MAPPER.readValue(Files.readAllBytes(file), SnapshotMetadata.class);
            if (metadata == null) {
                throw new IOException(file + " is empty");
            }
            return metadata;
        } catch (JacksonException e) {
            throw new IOException(file + " is not valid snapshot metadata: " + e.getOriginalMessage(), e);
        }
    }

    public static String toJson(SnapshotMetadata metadata) {
        return MAPPER.writeValueAsString(metadata);
    }

    /** Writes {@code <snapshotDir>/snapshot.json} atomically, as readable as the snapshot directory. */
    public static void write(Path snapshotDir, SnapshotMetadata metadata) throws IOException {
        AtomicFile.write(fileIn(snapshotDir), toJson(metadata) + "\n", MODE);
    }
}
