package org.pobsync.users;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.pobsync.db.Database;
import org.pobsync.db.Rows;

/** SQL for app_user. */
public final class UserRepository {

    private final Database db;

    public UserRepository(Database db) {
        this.db = db;
    }

    public Optional<User> findByUsername(String username) {
        return db.jdbc().sql("SELECT * FROM app_user WHERE username = ?").param(username)
                .query(UserRepository::map).optional();
    }

    public Optional<User> findById(long id) {
        return db.jdbc().sql("SELECT * FROM app_user WHERE id = ?").param(id).query(UserRepository::map).optional();
    }

    public List<User> findAll() {
        return db.jdbc().sql("SELECT * FROM app_user ORDER BY username").query(UserRepository::map).list();
    }

    public long count() {
        return db.jdbc().sql("SELECT COUNT(*) FROM app_user").query(Long.class).single();
    }

    public void insert(User u) {
        db.jdbc().sql("INSERT INTO app_user (username, email, password_hash, active, staff, superuser, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(u.username(), u.email(), u.passwordHash(), u.active(), u.staff(), u.superuser(),
                        Rows.millis(u.createdAt()))
                .update();
    }

    public void update(User u) {
        db.jdbc().sql("UPDATE app_user SET email = ?, password_hash = ?, active = ?, staff = ?, superuser = ?"
                        + " WHERE id = ?")
                .params(u.email(), u.passwordHash(), u.active(), u.staff(), u.superuser(), u.id())
                .update();
    }

    public void recordLogin(long id, Instant at) {
        db.jdbc().sql("UPDATE app_user SET last_login_at = ? WHERE id = ?").params(at.toEpochMilli(), id).update();
    }

    public void setTimeZone(long id, ZoneId zone) {
        db.jdbc().sql("UPDATE app_user SET time_zone = ? WHERE id = ?")
                .params(zone == null ? null : zone.getId(), id).update();
    }

    static User map(ResultSet rs, int n) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("username"), rs.getString("email"),
                rs.getString("password_hash"), rs.getBoolean("active"), rs.getBoolean("staff"),
                rs.getBoolean("superuser"), Rows.instant(rs, "created_at"), Rows.instant(rs, "last_login_at"),
                zone(rs.getString("time_zone")));
    }

    /** A zone a later JDK no longer knows is shown as the server's, never an error page. */
    private static ZoneId zone(String id) {
        try {
            return id == null ? null : ZoneId.of(id);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
