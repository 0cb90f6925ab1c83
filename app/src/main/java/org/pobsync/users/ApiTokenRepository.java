package org.pobsync.users;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.pobsync.db.Database;
import org.pobsync.db.Rows;

/** SQL for api_token. */
public final class ApiTokenRepository {

    /** A token found by its hash, with the user it belongs to. */
    public record Match(ApiToken token, User user) {
    }

    private final Database db;

    public ApiTokenRepository(Database db) {
        this.db = db;
    }

    public List<ApiToken> findByUser(long userId) {
        return db.jdbc().sql("SELECT * FROM api_token WHERE user_id = ? ORDER BY created_at DESC, id DESC")
                .param(userId).query(ApiTokenRepository::map).list();
    }

    public long countByUser(long userId) {
        return db.jdbc().sql("SELECT COUNT(*) FROM api_token WHERE user_id = ?").param(userId)
                .query(Long.class).single();
    }

    public Optional<Match> findByHash(String tokenHash) {
        return db.jdbc().sql("SELECT t.*, u.id AS u_id, u.username, u.email, u.password_hash, u.active, u.staff,"
                        + " u.superuser, u.created_at AS u_created_at, u.last_login_at"
                        + " FROM api_token t JOIN app_user u ON u.id = t.user_id WHERE t.token_hash = ?")
                .param(tokenHash)
                .query((rs, n) -> new Match(map(rs, n), new User(rs.getLong("u_id"), rs.getString("username"),
                        rs.getString("email"), rs.getString("password_hash"), rs.getBoolean("active"),
                        rs.getBoolean("staff"), rs.getBoolean("superuser"), Rows.instant(rs, "u_created_at"),
                        Rows.instant(rs, "last_login_at"), null)))
                .optional();
    }

    public void insert(long userId, String name, String tokenHash, String prefix, Instant createdAt, Instant expiresAt) {
        db.jdbc().sql("INSERT INTO api_token (user_id, name, token_hash, token_prefix, created_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(userId, name, tokenHash, prefix, createdAt.toEpochMilli(), Rows.millis(expiresAt))
                .update();
    }

    public Optional<ApiToken> findByHashOnly(String tokenHash) {
        return db.jdbc().sql("SELECT * FROM api_token WHERE token_hash = ?").param(tokenHash)
                .query(ApiTokenRepository::map).optional();
    }

    public int delete(long userId, long tokenId) {
        return db.jdbc().sql("DELETE FROM api_token WHERE id = ? AND user_id = ?").params(tokenId, userId).update();
    }

    public void recordUse(long tokenId, Instant at) {
        db.jdbc().sql("UPDATE api_token SET last_used_at = ? WHERE id = ?").params(at.toEpochMilli(), tokenId).update();
    }

    static ApiToken map(ResultSet rs, int n) throws SQLException {
        return new ApiToken(rs.getLong("id"), rs.getLong("user_id"), rs.getString("name"),
                rs.getString("token_prefix"), Rows.instant(rs, "created_at"), Rows.instant(rs, "last_used_at"),
                Rows.instant(rs, "expires_at"));
    }
}
