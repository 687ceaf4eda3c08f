package dev.engram.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.id.TimeOrderedIds;
import dev.engram.core.testing.Clocks;
import dev.engram.core.testing.TestDatabase;
import dev.engram.core.testing.TestTenant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** V14: Postgres names observations, their sources and sessions with time-ordered (version 7) UUIDs. */
class TimeOrderedIdsSchemaTest {

    private static final TestDatabase DATABASE = TestDatabase.fresh("core_time_ordered_ids");

    @Test
    void uuidV7CarriesTheCurrentMillisecondsAndVersionSeven() {
        TestTenant tenant = TestTenant.create(DATABASE);
        long before = System.currentTimeMillis();
        UUID id = UUID.fromString(tenant.text("SELECT uuid_v7()::text"));
        long after = System.currentTimeMillis();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        // the database's clock is this machine's; Postgres rounds to the millisecond
        assertThat(Clocks.millisOf(id)).isBetween(before - 1, after + 1);
    }

    @Test
    void rowsPostgresNamesGetVersionSevenIdsInTheOrderTheyWereMade() {
        TestTenant tenant = TestTenant.create(DATABASE);
        String first = insertObservation(tenant, "first");
        // Postgres reads this machine's clock; rounding may put its id up to a millisecond ahead
        Clocks.awaitMillisecondAfter(Clocks.millisOf(UUID.fromString(first)) + 1);
        String second = insertObservation(tenant, "second");
        tenant.update("INSERT INTO observation_sources (observation_id, team_id, project_id, source_type, source_id) "
                + "VALUES (?::uuid, ?, ?, 'session', 's1')", first, tenant.teamId(), tenant.projectId());
        tenant.update("INSERT INTO sessions (team_id, project_id, external_session_id) VALUES (?, ?, 'ext-1')",
                tenant.teamId(), tenant.projectId());

        assertThat(UUID.fromString(first).version()).isEqualTo(7);
        assertThat(tenant.count("SELECT count(*) FROM observations WHERE team_id = ? AND id = ?::uuid "
                + "AND id < ?::uuid", tenant.teamId(), first, second)).isOne();
        assertThat(version(tenant, "SELECT id::text FROM observation_sources WHERE team_id = ?")).isEqualTo(7);
        assertThat(version(tenant, "SELECT id::text FROM sessions WHERE team_id = ?")).isEqualTo(7);
    }

    @Test
    void postgresOrdersTheApisIdsAsTheyWereMade() {
        TestTenant tenant = TestTenant.create(DATABASE);
        UUID earlier = TimeOrderedIds.next();
        Clocks.awaitMillisecondAfter(Clocks.millisOf(earlier));
        UUID later = TimeOrderedIds.next();
        Clocks.awaitMillisecondAfter(Clocks.millisOf(later) + 1);

        assertThat(tenant.count("SELECT count(*) FROM (SELECT ?::uuid AS a, ?::uuid AS b, uuid_v7() AS c) ids "
                + "WHERE a < b AND b < c", earlier.toString(), later.toString())).isOne();
    }

    private static String insertObservation(TestTenant tenant, String content) {
        return tenant.text("INSERT INTO observations (team_id, project_id, kind, content) VALUES (?, ?, 'manual', ?) "
                + "RETURNING id::text", tenant.teamId(), tenant.projectId(), content);
    }

    private static int version(TestTenant tenant, String sql) {
        return UUID.fromString(tenant.text(sql, tenant.teamId())).version();
    }
}
