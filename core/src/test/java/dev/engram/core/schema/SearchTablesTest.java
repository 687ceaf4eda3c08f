package dev.engram.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.TestDatabase;
import dev.engram.core.testing.TestTenant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The narrow tables search reads (V8) follow {@code observations} in every write, through the triggers, and
 * the migration carries the rows (and vectors) that existed before it. Needs pgvector, as CI has it.
 */
class SearchTablesTest {

    private static final TestDatabase DATABASE = TestDatabase.fresh("core_search_tables");
    private static final String VECTOR = "[" + "0.1,".repeat(383) + "0.1]";

    @Test
    void everyInsertedObservationGetsItsSearchRowAndAnEmptyEmbeddingRow() {
        TestTenant tenant = TestTenant.create(DATABASE);
        tenant.update("INSERT INTO observations (team_id, project_id, kind, content, generation_key) VALUES "
                + "(?, ?, 'decision', 'Capped the retry backoff at ten seconds', 'generation:v1:a'), "
                + "(?, ?, 'manual', 'Every pull request needs a changelog entry', NULL)",
                tenant.teamId(), tenant.projectId(), tenant.teamId(), tenant.projectId());

        assertThat(tenant.count("SELECT count(*) FROM observation_search s JOIN observations o ON o.id = s.observation_id "
                + "WHERE o.team_id = ? AND s.team_id = o.team_id AND s.project_id = o.project_id AND s.kind = o.kind "
                + "AND s.created_at = o.created_at AND s.generated = (o.generation_key IS NOT NULL) "
                + "AND s.search_vector = to_tsvector('english', o.content)", tenant.teamId())).isEqualTo(2);
        assertThat(tenant.count("SELECT count(*) FROM observation_search WHERE team_id = ? "
                + "AND search_vector @@ 'backoff'::tsquery AND generated", tenant.teamId())).isOne();
        assertThat(tenant.count("SELECT count(*) FROM observation_embeddings WHERE team_id = ? AND embedding IS NULL "
                + "AND kind IN ('decision', 'manual')", tenant.teamId())).isEqualTo(2);
    }

    @Test
    void theFullTextIndexIsLedByTheProjectAlone() {
        // V12: a project id is unique across teams, so the team's posting list only slowed every search down
        assertThat(TestTenant.create(DATABASE).text("SELECT string_agg(indexdef, '; ') FROM pg_indexes "
                + "WHERE tablename = 'observation_search' AND indexdef LIKE '%gin%'"))
                .isEqualTo("CREATE INDEX observation_search_project_terms_idx ON public.observation_search "
                        + "USING gin (project_id, search_vector)");
    }

    @Test
    void newContentIsSearchedByItsNewWordsAndEmbeddedAgainOtherChangesKeepTheVector() {
        TestTenant tenant = TestTenant.create(DATABASE);
        String id = insert(tenant, "The cache served stale prices");
        tenant.update("UPDATE observation_embeddings SET embedding = ?::vector WHERE observation_id = ?::uuid",
                VECTOR, id);

        tenant.update("UPDATE observations SET kind = 'discovery' WHERE id = ?::uuid", id);
        assertThat(tenant.text("SELECT kind FROM observation_search WHERE observation_id = ?::uuid", id))
                .isEqualTo("discovery");
        assertThat(tenant.count("SELECT count(*) FROM observation_embeddings WHERE observation_id = ?::uuid "
                + "AND embedding IS NOT NULL AND kind = 'discovery'", id)).isOne();

        tenant.update("UPDATE observations SET content = 'Invoices are rounded once, at the end' WHERE id = ?::uuid",
                id);
        assertThat(tenant.count("SELECT count(*) FROM observation_search WHERE observation_id = ?::uuid "
                + "AND search_vector @@ 'invoic'::tsquery AND NOT search_vector @@ 'cach'::tsquery", id)).isOne();
        assertThat(tenant.count("SELECT count(*) FROM observation_embeddings WHERE observation_id = ?::uuid "
                + "AND embedding IS NULL", id)).isOne();
    }

    @Test
    void deletedObservationsLeaveNoSearchOrEmbeddingRow() {
        TestTenant tenant = TestTenant.create(DATABASE);
        String kept = insert(tenant, "Kept");
        insert(tenant, "Deleted one");
        insert(tenant, "Deleted two");

        tenant.update("DELETE FROM observations WHERE team_id = ? AND id <> ?::uuid", tenant.teamId(), kept);

        assertThat(tenant.count("SELECT count(*) FROM observation_search WHERE team_id = ?", tenant.teamId())).isOne();
        assertThat(tenant.count("SELECT count(*) FROM observation_embeddings WHERE team_id = ?", tenant.teamId()))
                .isOne();
        assertThat(tenant.count("SELECT count(*) FROM observation_search WHERE observation_id = ?::uuid", kept))
                .isOne();
    }

    @Test
    void theMigrationCarriesExistingObservationsAndTheirVectors() {
        TestDatabase before = TestDatabase.migratedTo("core_search_tables_v7", "7");
        TestTenant tenant = TestTenant.create(before);
        String embedded = insert(tenant, "Capped the retry backoff");
        String pending = insert(tenant, "Masked the authorization header in logs");
        tenant.update("UPDATE observations SET embedding = ?::vector WHERE id = ?::uuid", VECTOR, embedded);

        before.migrate();

        assertThat(tenant.count("SELECT count(*) FROM observation_search WHERE observation_id = ?::uuid "
                + "AND search_vector @@ 'backoff'::tsquery", embedded)).isOne();
        assertThat(tenant.count("SELECT count(*) FROM observation_search WHERE observation_id = ?::uuid "
                + "AND search_vector @@ 'header'::tsquery", pending)).isOne();
        assertThat(tenant.text("SELECT embedding::text FROM observation_embeddings WHERE observation_id = ?::uuid",
                embedded)).startsWith("[0.1,0.1");
        assertThat(tenant.count("SELECT count(*) FROM observation_embeddings WHERE observation_id = ?::uuid "
                + "AND embedding IS NULL", pending)).isOne();
        assertThat(tenant.count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'observations' "
                + "AND column_name IN ('embedding', 'search_vector')")).isZero();
    }

    private static String insert(TestTenant tenant, String content) {
        String id = UUID.randomUUID().toString();
        tenant.update("INSERT INTO observations (id, team_id, project_id, kind, content) VALUES (?::uuid, ?, ?, 'manual', ?)",
                id, tenant.teamId(), tenant.projectId(), content);
        return id;
    }
}
