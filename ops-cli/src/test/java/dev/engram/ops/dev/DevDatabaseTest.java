package dev.engram.ops.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void aDatabaseTheRoleMayNotCreateTablesInIsRefusedWithTheFix() throws SQLException {
        new DevDatabase(fresh, "postgres").ensureExists();
        DatabaseSettings foreign = new DatabaseSettings(fresh.host(), fresh.port(), fresh.name() + "_foreign",
                fresh.user(), fresh.password());
        try (Connection c = PostgresConnections.open(admin(), "postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + foreign.name());
        }

        assertThatThrownBy(() -> new DevDatabase(foreign, "postgres").ensureExists())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("may not create tables in database " + foreign.name())
                .hasMessageContaining("OWNER " + fresh.user());
    }

    private DatabaseSettings admin() {
        return new DatabaseSettings(server.host(), server.port(), "postgres", "postgres", "");
    }

    @AfterEach
    void dropWhatWasCreated() throws SQLException {
        try (Connection c = PostgresConnections.open(admin(), "postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + fresh.name() + " WITH (FORCE)");
            s.execute("DROP DATABASE IF EXISTS " + fresh.name() + "_foreign WITH (FORCE)");
            s.execute("DROP ROLE IF EXISTS " + fresh.user());
        }
    }
}
