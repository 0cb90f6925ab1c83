package org.pobsync.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Column conversions shared by the repositories: times are epoch milliseconds, lists are JSON
 * arrays, nullable numbers stay null.
 */
public final class Rows {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() { };

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

    public static String json(List<String> list) {
        return JSON.writeValueAsString(list == null ? List.of() : list);
    }

    public static List<String> list(ResultSet rs, String column) throws SQLException {
        String v = rs.getString(column);
        return v == null || v.isBlank() ? List.of() : List.copyOf(JSON.readValue(v, STRING_LIST));
    }
}
