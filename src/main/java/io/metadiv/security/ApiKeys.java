package io.metadiv.security;

import io.metadiv.db.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates, lists, revokes and looks up API keys (table {@code api_key}).
 *
 * <p>A key is {@code mdk_} and 32 bytes from {@link SecureRandom} in base64url (47 characters). Only its SHA-256
 * is stored, and a request's key is looked up by that hash. Not bcrypt or another slow password hash: those slow
 * down guessing a low-entropy password from its hash, whereas a 256-bit random key cannot be guessed from a fast
 * hash either, and a slow hash would cost every request tens of milliseconds of CPU. Looking up by the hash (an
 * index, not a constant-time comparison) is safe for the same reason: timing can at best tell how much of a stored
 * hash a guess's hash matches, which says nothing about a key.
 */
@Service
public class ApiKeys {

    /** Every generated key starts with it: recognisable in a leak scan. */
    static final String KEY_START = "mdk_";
    /** Random bytes of a generated key. */
    static final int SECRET_BYTES = 32;
    /** Characters of a key kept as its {@code prefix}. */
    static final int PREFIX_LENGTH = 12;
    /** Shortest bootstrap key accepted: {@code openssl rand -base64 32} gives 44 characters. */
    static final int MIN_BOOTSTRAP_LENGTH = 40;
    /** Longer presented keys are refused without hashing. */
    static final int MAX_KEY_LENGTH = 512;
    /** The name of the key {@code METADIV_BOOTSTRAP_ADMIN_KEY} inserts. */
    static final String BOOTSTRAP_NAME = "bootstrap-admin";
    /** {@code last_used_at} is written at most this often per key, not on every request. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    private static final String COLUMNS = "id, name, role, prefix, created_at, revoked_at, last_used_at";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final SecureRandom random = new SecureRandom();
    private final RowMapper<ApiKey> rows = ApiKeys::row;

    ApiKeys(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** A new key; the returned secret is not stored anywhere. */
    NewApiKey create(String name, KeyRole role) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        String key = KEY_START + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiKey stored = insert(name, role, key);
        return new NewApiKey(stored.id(), stored.name(), stored.role(), stored.prefix(), stored.createdAt(), key);
    }

    /** Every key, revoked ones included, newest first. */
    List<ApiKey> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_key ORDER BY created_at DESC, id", rows);
    }

    /**
     * Revokes a key (again: nothing changes).
     *
     * @throws ApiKeyNotFoundException 404 when there is no such key
     * @throws LastAdminKeyException 409 when it is the last valid admin key
     */
    void revoke(UUID id) {
        tx.executeWithoutResult(status -> {
            // Every valid admin key is locked first, in one order: two revokes of the last two admin keys serialise
            // here (the second sees one left) instead of both succeeding, and cannot deadlock.
            List<UUID> admins = jdbc.queryForList("SELECT id FROM api_key WHERE role = 'ADMIN' AND revoked_at IS NULL "
                    + "ORDER BY id FOR UPDATE", UUID.class);
            ApiKey key = jdbc.query("SELECT " + COLUMNS + " FROM api_key WHERE id = ? FOR UPDATE", rows, id).stream()
                    .findFirst().orElseThrow(() -> new ApiKeyNotFoundException(id));
            if (!key.active()) {
                return;
            }
            if (key.role() == KeyRole.ADMIN && admins.size() <= 1) {
                throw new LastAdminKeyException(id);
            }
            jdbc.update("UPDATE api_key SET revoked_at = now() WHERE id = ?", id);
        });
    }

    /** The stored key that {@code presented} is (valid or revoked), or empty. */
    Optional<ApiKey> find(String presented) {
        if (presented.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM api_key WHERE key_hash = ?", rows, hash(presented)).stream()
                .findFirst();
    }

    /** Records a use of the key, at most once a minute. */
    void used(ApiKey key) {
        if (key.lastUsedAt() == null || key.lastUsedAt().isBefore(Instant.now().minus(LAST_USED_RESOLUTION))) {
            jdbc.update("UPDATE api_key SET last_used_at = now() WHERE id = ?", key.id());
        }
    }

    /** What {@link #bootstrap} did. */
    enum Bootstrap {
        /** The key was inserted as an admin key. */
        INSERTED,
        /** It was there already (an earlier start, or another replica). */
        PRESENT,
        /** It was there, revoked: it stays revoked. */
        REVOKED,
        /** Another valid admin key exists: the bootstrap key was not inserted. */
        ADMIN_EXISTS
    }

    /**
     * Inserts {@code key} as the admin key {@value #BOOTSTRAP_NAME} unless an admin key exists already.
     *
     * @param key an operator-chosen secret of at least {@value #MIN_BOOTSTRAP_LENGTH} characters
     */
    Bootstrap bootstrap(String key) {
        if (key.length() < MIN_BOOTSTRAP_LENGTH || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalStateException("metadiv.security.bootstrap-admin-key (METADIV_BOOTSTRAP_ADMIN_KEY) must "
                    + "have " + MIN_BOOTSTRAP_LENGTH + " to " + MAX_KEY_LENGTH + " characters, it has " + key.length()
                    + ": generate one with  openssl rand -base64 32");
        }
        try {
            return tx.execute(status -> {
                Optional<ApiKey> existing = find(key);
                if (existing.isPresent()) {
                    return existing.get().active() ? Bootstrap.PRESENT : Bootstrap.REVOKED;
                }
                Integer admins = jdbc.queryForObject("SELECT count(*) FROM api_key WHERE role = 'ADMIN' "
                        + "AND revoked_at IS NULL", Integer.class);
                if (admins != null && admins > 0) {
                    return Bootstrap.ADMIN_EXISTS;
                }
                insert(BOOTSTRAP_NAME, KeyRole.ADMIN, key);
                return Bootstrap.INSERTED;
            });
        } catch (DuplicateKeyException e) {
            return Bootstrap.PRESENT; // another replica inserted it at the same moment
        }
    }

    private ApiKey insert(String name, KeyRole role, String key) {
        return jdbc.queryForObject("INSERT INTO api_key (id, name, role, prefix, key_hash) VALUES (?, ?, ?, ?, ?) "
                + "RETURNING " + COLUMNS, rows, UUID.randomUUID(), name, role.name(), key.substring(0, PREFIX_LENGTH),
                hash(key));
    }

    private static String hash(String key) {
        return Sha256.hex(key.getBytes(StandardCharsets.UTF_8));
    }

    private static ApiKey row(ResultSet rs, int rowNum) throws SQLException {
        return new ApiKey(rs.getObject("id", UUID.class), rs.getString("name"), KeyRole.valueOf(rs.getString("role")),
                rs.getString("prefix"), instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("revoked_at")),
                instant(rs.getTimestamp("last_used_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
