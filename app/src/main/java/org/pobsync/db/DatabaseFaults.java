package org.pobsync.db;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Locale;
import org.pobsync.format.Human;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.sqlite.SQLiteException;

/**
 * What a failure of the database means, in one place: whether asking again later can succeed
 * (a write lock held past SQLite's busy timeout, a MariaDB restart, a dropped connection), and
 * the words an operator reads for it. Nothing here ever shows a Java class name: a run's error,
 * a command's one line on stderr and a loop's warning all come from {@link #describe}.
 */
public final class DatabaseFaults {

    /** What {@link #describe} says for a programming error, whose own message is not for operators. */
    public static final String UNEXPECTED = "unexpected error (a bug in pobsync)";

    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;

    private DatabaseFaults() {
    }

    /** True when the same statement can succeed once the database answers again. */
    public static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && (connectionState(sql) || sqliteBusy(sql))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** True when SQLite says the file is not a sound database (a damaged page, not a database at all). */
    public static boolean isCorrupt(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLiteException s) {
                int primary = s.getResultCode().code & 0xff;
                if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * One line for an operator: what went wrong with the database in words, or the message of
     * any other failure. A programming error (a null, a bad cast) has no message worth reading,
     * so it says where the details are instead.
     */
    public static String describe(Throwable e) {
        SQLException sql = rootSqlException(e);
        if (sql != null && sqliteBusy(sql)) {
            return "the database is locked by another process (it waited "
                    + Database.SQLITE_BUSY_TIMEOUT_MS / 1000 + " s for it)";
        }
        if (isCorrupt(e)) {
            return "the database file is damaged: " + clean(sql.getMessage());
        }
        if (isTransient(e)) {
            return "the database cannot be reached: " + clean(sql != null ? sql.getMessage() : deepestMessage(e));
        }
        if (sql != null) {
            return "database error: " + clean(sql.getMessage());
        }
        if (e instanceof NullPointerException || e instanceof ClassCastException
                || e instanceof IndexOutOfBoundsException || e instanceof ArithmeticException
                || e instanceof ArrayStoreException || e instanceof StackOverflowError
                || e.getMessage() == null || e.getMessage().isBlank()) {
            return UNEXPECTED;
        }
        return Human.firstLine(e.getMessage());
    }

    /** The SQLException closest to the root of the chain: the driver's own words. */
    private static SQLException rootSqlException(Throwable e) {
        SQLException found = null;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException s) {
                found = s;
            }
        }
        return found;
    }

    private static String deepestMessage(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message == null ? "no answer" : message;
    }

    /** SQLite prefixes its messages with the result code's name ("[SQLITE_BUSY] ..."): keep the words. */
    private static String clean(String message) {
        if (message == null || message.isBlank()) {
            return "no details";
        }
        String line = Human.firstLine(message).strip();
        return line.startsWith("[") && line.indexOf(']') > 0 ? line.substring(line.indexOf(']') + 1).strip() : line;
    }

    private static boolean connectionState(SQLException e) {
        // SQLSTATE class 08: connection exception (the server went away, refused or reset it).
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    private static boolean sqliteBusy(SQLException e) {
        if (e instanceof SQLiteException s) {
            int primary = s.getResultCode().code & 0xff;
            return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
        }
        String m = e.getMessage();
        return m != null && m.toUpperCase(Locale.ROOT).contains("SQLITE_BUSY");
    }
}
