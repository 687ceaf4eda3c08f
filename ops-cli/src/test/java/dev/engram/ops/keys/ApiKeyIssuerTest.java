package dev.engram.ops.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.core.key.ApiKeys;
import dev.engram.core.testing.TestDatabase;
import dev.engram.core.settings.DatabaseSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeyIssuerTest {

    private final TestDatabase db = TestDatabase.fresh("ops");
    private final ApiKeyIssuer issuer = new ApiKeyIssuer(DatabaseSettings.fromSpringProperties(db.springProperties()));

    @Test
    void createsTheTeamAndProjectOnceEvenWhenCalledTwice() throws SQLException {
        IssuedKey first = issuer.issue("keys-team", "keys-project", List.of("memories:read"), "first");
        IssuedKey second = issuer.issue("keys-team", "keys-project", List.of("memories:read", "memories:write"), null);

        assertThat(first.rawKey()).isNotEqualTo(second.rawKey()).startsWith(ApiKeys.PREFIX);
        assertThat(count("SELECT count(*) FROM teams WHERE id = 'keys-team' AND name = 'keys-team'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM projects WHERE id = 'keys-project' AND team_id = 'keys-team' AND name = 'keys-project'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM api_keys WHERE team_id = 'keys-team' AND project_id = 'keys-project'")).isEqualTo(2);
    }

    @Test
    void storesOnlyTheHashOfTheKey() throws SQLException {
        IssuedKey key = issuer.issue("hash-team", "hash-project", List.of("memories:read", "memories:write"), "laptop");

        List<String> columns = rowAsText(key);
        assertThat(columns).noneMatch(value -> value != null && value.contains(key.rawKey()));
        try (Connection c = db.connect();
                PreparedStatement s = c.prepareStatement("SELECT key_hash, scopes::text, label, actor_id FROM api_keys WHERE id = ?")) {
            s.setObject(1, key.keyId());
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(ApiKeys.hash(key.rawKey()));
                assertThat(rs.getString(2)).isEqualTo("[\"memories:read\", \"memories:write\"]");
                assertThat(rs.getString(3)).isEqualTo("laptop");
                assertThat(rs.getString(4)).isEqualTo(ApiKeyIssuer.ACTOR);
            }
        }
    }

    @Test
    void refusesAProjectOfAnotherTeam() throws SQLException {
        issuer.issue("owner-team", "owned-project", List.of("*"), null);
        long keysBefore = count("SELECT count(*) FROM api_keys");

        assertThatThrownBy(() -> issuer.issue("other-team", "owned-project", List.of("*"), null))
                .isInstanceOf(ProjectOfAnotherTeamException.class)
                .hasMessage("Project owned-project belongs to team owner-team, not other-team");
        assertThat(count("SELECT count(*) FROM api_keys")).isEqualTo(keysBefore);
        assertThat(count("SELECT count(*) FROM teams WHERE id = 'other-team'")).isZero();
    }

    @Test
    void aStillActiveKeyOfTheSameTeamAndProjectIsFoundAgainOthersAreNot() throws SQLException {
        IssuedKey key = issuer.issue("again-team", "again-project", List.of("memories:read"), "dev");

        assertThat(issuer.stillActive(key.rawKey(), "again-team", "again-project"))
                .hasValueSatisfying(found -> {
                    assertThat(found.keyId()).isEqualTo(key.keyId());
                    assertThat(found.scopes()).containsExactly("memories:read");
                });
        assertThat(issuer.stillActive(key.rawKey(), "again-team", "another-project")).isEmpty();
        assertThat(issuer.stillActive(ApiKeys.newRawKey(), "again-team", "again-project")).isEmpty();
        assertThat(count("UPDATE api_keys SET revoked_at = now() WHERE id = '" + key.keyId() + "' RETURNING 1"))
                .isOne();
        assertThat(issuer.stillActive(key.rawKey(), "again-team", "again-project")).isEmpty();
    }

    private List<String> rowAsText(IssuedKey key) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("SELECT * FROM api_keys WHERE id = ?")) {
            s.setObject(1, key.keyId());
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                ResultSetMetaData meta = rs.getMetaData();
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    values.add(rs.getString(i));
                }
                return values;
            }
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
