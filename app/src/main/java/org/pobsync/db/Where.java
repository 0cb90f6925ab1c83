package org.pobsync.db;

import java.util.ArrayList;
import java.util.List;

/** Optional equality filters for list and count queries: only the non-null values become conditions. */
public final class Where {

    private final StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
    private final List<Object> params = new ArrayList<>();

    /** Adds {@code AND column = ?} when value is not null. */
    public Where eq(String column, Object value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
        return this;
    }

    public String sql() {
        return sql.toString();
    }

    /** The parameters, followed by any extra ones (e.g. LIMIT and OFFSET). */
    public List<Object> params(Object... extra) {
        List<Object> all = new ArrayList<>(params);
        all.addAll(List.of(extra));
        return all;
    }
}
