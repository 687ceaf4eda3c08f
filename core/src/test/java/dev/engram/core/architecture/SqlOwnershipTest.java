package dev.engram.core.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.SqlOwnership;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The SQL rule itself, and core's own sources under it. */
class SqlOwnershipTest {

    @Test
    void coreKeepsEveryStatementInItsTablesHomeAndEveryHomeWithItsOwners() {
        assertThat(SqlOwnership.violations(Path.of("src/main/java"))).isEmpty();
    }

    @Test
    void flagsAStatementInAController() {
        String controller = """
                class InfoController {
                    private static final String LANES = "SELECT lane FROM generation_jobs WHERE team_id = :team";
                }""";

        assertThat(SqlOwnership.violations("dev/engram/ingest/info/InfoController.java", controller))
                .singleElement().asString().contains("generation_jobs").contains("GenerationJobsSql");
    }

    @Test
    void flagsAHomeUsedByAClassThatDoesNotOwnTheTable() {
        String copy = "class RelayStore { String sql = OutboxSql.CLAIM_DUE; }";

        assertThat(SqlOwnership.violations("dev/engram/ingest/relay/RelayStore.java", copy))
                .singleElement().asString().contains("uses OutboxSql");
    }

    @Test
    void flagsAHomeThatWritesAnotherTable() {
        String home = "class OutboxSql { String sql = \"UPDATE generation_jobs SET enqueued_at = now()\"; }";

        assertThat(SqlOwnership.violations("dev/engram/core/sql/OutboxSql.java", home))
                .singleElement().asString().contains("GenerationJobsSql");
    }

    @Test
    void readsOfAnotherTableInsideAHomeAreItsOwnBusiness() {
        String home = "class OutboxSql { String sql = \"DELETE FROM outbox WHERE aggregateid IN "
                + "(SELECT id FROM generation_jobs)\"; }";

        assertThat(SqlOwnership.violations("dev/engram/core/sql/OutboxSql.java", home)).isEmpty();
    }
}
