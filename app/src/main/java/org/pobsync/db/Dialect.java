package org.pobsync.db;

/** The two supported databases and the few SQL fragments that differ between them. */
public enum Dialect {
    SQLITE("INTEGER PRIMARY KEY AUTOINCREMENT"),
    MARIADB("BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY");

    private final String autoIncrementKey;

    Dialect(String autoIncrementKey) {
        this.autoIncrementKey = autoIncrementKey;
    }

    /** The column definition of an auto-increment primary key (the migrations' id_pk placeholder). */
    public String autoIncrementKey() {
        return autoIncrementKey;
    }
}
