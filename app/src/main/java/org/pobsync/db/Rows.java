package org.pobsync.db;

import java.io.StringWriter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Column conversions shared by the repositories: times are epoch milliseconds, lists are JSON
 * arrays, nullable numbers stay null.
 *
 * <p>The lists are arrays of strings, read and written with Jackson's streaming layer rather than
 * an {@code ObjectMapper}: building a mapper loads some 400 classes, about 25 ms of every CLI
 * command that reads a host (docs/benchmarks.md, "Reading the snapshot-store figures").
 */
public final class Rows {

    private static final JsonFactory JSON = new JsonFactory();

    private Rows() {
    }

    public static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    public static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    public static Long longValue(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /** The list as a JSON array of strings; null is the empty array. */
    public static String json(List<String> list) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            g.writeStartArray();
            for (String item : list == null ? List.<String>of() : list) {
                g.writeString(item);
            }
            g.writeEndArray();
        }
        return out.toString();
    }

    /** The JSON array of strings in {@code column}; an empty list for NULL or blank. */
    public static List<String> list(ResultSet rs, String column) throws SQLException {
        String v = rs.getString(column);
        return v == null || v.isBlank() ? List.of() : stringList(v, column);
    }

    static List<String> stringList(String json, String column) {
        List<String> items = new ArrayList<>();
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalStateException("column " + column + " holds no JSON array: " + json);
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null || !t.isScalarValue() || t == JsonToken.VALUE_NULL) {
                    throw new IllegalStateException("column " + column + " holds no JSON array of strings: " + json);
                }
                items.add(p.getString());
            }
            if (p.nextToken() != null) {
                throw new IllegalStateException("column " + column + " holds more than one JSON array: " + json);
            }
        }
        return List.copyOf(items);
    }
}
