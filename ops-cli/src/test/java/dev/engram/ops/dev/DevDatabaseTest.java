package dev.engram.ops.dev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.TestDatabase;
import dev.engram.core.settings.DatabaseSettings;
import dev.engram.ops.database.PostgresConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** On a fresh server neither the role nor the database exists: engram dev creates both. */
class DevDatabaseTest {

    private final TestDatabase server = TestDatabase.fresh("ops");
    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final DatabaseSettings fresh = new DatabaseSettings(server.host(), server.port(), "engram_fresh_" + suffix,
            "engram_role_" + suffix, "pw-" + suffix);

    @Test
    void createsAMissingRoleAndDatabaseThenFindsThemOnTheNextStart() throws SQLException {
        assertThat(new DevDatabase(fresh, "postgres").ensureExists()).isTrue();
        assertThat(new DevDatabase(fresh, "postgres").ensureExists()).isFalse();

        try (Connection c = PostgresConnections.open(fresh)) {
            assertThat(c.getMetaData().getUserName()).isEqualTo(fresh.user());
        }
    }

    @AfterEach
    void dropWhatWasCreated() throws SQLException {
        DatabaseSettings admin = new DatabaseSettings(server.host(), server.port(), "postgres", "postgres", "");
        try (Connection c = PostgresConnections.open(admin, "postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + fresh.name() + " WITH (FORCE)");
            s.execute("DROP ROLE IF EXISTS " + fresh.user());
        }
    }
}
