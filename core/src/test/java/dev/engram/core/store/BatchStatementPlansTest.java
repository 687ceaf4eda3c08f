package dev.engram.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.sql.AgentEventsSql;
import dev.engram.core.sql.GenerationJobsSql;
import dev.engram.core.sql.ObservationsSql;
import dev.engram.core.testing.TestDatabase;
import dev.engram.core.testing.TestTenant;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The statements a processor runs for every batch of records, and the relay for every batch of rows, are planned once
 * per session: run as pgjdbc runs them (a server-side prepared statement from the fifth use on), Postgres keeps a
 * generic plan after its first five custom ones, and that plan looks the rows up by key, on tables never analyzed
 * and on analyzed ones. With their arrays bound plainly ({@code ANY(:ids)}) each was planned again at every
 * execution ({@code GenericPlans}).
 */
class BatchStatementPlansTest {

    private static final int RUNS = 15;

    @Test
    void batchStatementsKeepAGenericPlanThatUsesTheirKeysWithoutStatistics() throws Exception {
        checkPlans(TestDatabase.fresh("core_batch_plans_none"), false);
    }

    @Test
    void batchStatementsKeepAGenericPlanThatUsesTheirKeysOnAnalyzedTables() throws Exception {
        checkPlans(TestDatabase.fresh("core_batch_plans_analyzed"), true);
    }

    private static void checkPlans(TestDatabase database, boolean analyze) throws Exception {
        TestTenant tenant = TestTenant.create(database);
        try (Connection connection = database.connect()) {
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            List<String> jobs = BacklogPlansTest.enqueue(tenant, jdbc, 2_000);
            // events and observations as a project holds them (their statements' plans are checked against these)
            jdbc.sql("""
                    INSERT INTO agent_events (id, team_id, project_id, source_adapter, event_type, payload,
                                              idempotency_key, occurred_at)
                    SELECT gen_random_uuid(), :team, :project, 'claude-code', 'tool_use',
                           jsonb_build_object('tool_name', 'Edit', 'tool_response', repeat('ok ', 100)),
                           'key-' || n, now()
                      FROM generate_series(1, 2000) AS n
                    """).param("team", tenant.teamId()).param("project", tenant.projectId()).update();
            jdbc.sql("""
                    INSERT INTO observations (team_id, project_id, kind, content, generation_key)
                    SELECT :team, :project, 'discovery', 'Retries are capped at ' || n || repeat(' and more', 30),
                           'seeded-' || n
                      FROM generate_series(1, 2000) AS n
                    """).param("team", tenant.teamId()).param("project", tenant.projectId()).update();
            if (analyze) {
                jdbc.sql("ANALYZE").update();
            }
            List<Batch> statements = List.of(
                    new Batch("key_refusal", GenerationJobsSql.FIND_ALL_FOR_WORK, true,
                            run -> Map.of("ids", batch(jobs, run))),
                    new Batch("make_interval", GenerationJobsSql.CLAIM_ALL, true,
                            run -> Map.of("ids", batch(jobs, run), "token", UUID.randomUUID().toString(),
                                    "leaseSeconds", 300.0)),
                    new Batch("k(id, team_id, project_id)", AgentEventsSql.PROMPT_SOURCES_OF_JOBS, true, run -> Map.of(
                            "ids", new UUID[] {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()},
                            "teams", new String[] {tenant.teamId(), tenant.teamId(), tenant.teamId()},
                            "projects", new String[] {tenant.projectId(), tenant.projectId(), tenant.projectId()})),
                    new Batch("enqueued_at = now()", GenerationJobsSql.MARK_RELAYED, false, run -> Map.of(
                            "rows", new UUID[] {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()},
                            "ids", batch(jobs, run))),
                    new Batch("observation_sources", ObservationsSql.INSERT_GENERATED_ALL_AND_LINK, true,
                            run -> Map.of("sourceType", "agent_event", "rows", """
                                    [{"team_id":"%s","project_id":"%s","server_session_id":null,"kind":"discovery",
                                      "content":"Retries are capped at %d","metadata":{},"generation_key":"key-%d",
                                      "job_id":"%s","source_ids":["%s"]}]"""
                                    .formatted(tenant.teamId(), tenant.projectId(), run, run, jobs.get(run),
                                            UUID.randomUUID()))),
                    new Batch("attempt int", GenerationJobsSql.COMPLETE_ALL, false, run -> Map.of("rows",
                            "[{\"id\":\"" + jobs.get(run) + "\",\"token\":\"" + UUID.randomUUID()
                                    + "\",\"attempt\":1,\"details\":{}}]")));

            for (Batch statement : statements) {
                for (int run = 0; run < RUNS; run++) {
                    JdbcClient.StatementSpec spec = jdbc.sql(statement.sql()).params(statement.params().apply(run));
                    if (statement.returnsRows()) {
                        spec.query().listOfRows();
                    } else {
                        spec.update();
                    }
                }
            }

            for (Batch statement : statements) {
                Map<String, Object> prepared = jdbc.sql("""
                        SELECT name, generic_plans, custom_plans FROM pg_prepared_statements
                         WHERE strpos(statement, :marker) > 0 AND strpos(statement, 'pg_prepared_statements') = 0
                        """).param("marker", statement.marker()).query().singleRow();
                String marker = statement.marker();
                // pgjdbc prepares on the server from the fifth use: eleven executions of the prepared statement
                assertThat(((Number) prepared.get("custom_plans")).longValue()).as(marker).isLessThanOrEqualTo(5);
                assertThat(((Number) prepared.get("generic_plans")).longValue()).as(marker).isPositive();
                String plan = String.join("\n", jdbc.sql("EXPLAIN EXECUTE \"" + prepared.get("name") + "\"("
                        + literals(statement.sql(), statement.params().apply(RUNS)) + ")").query(String.class).list());
                assertThat(plan).as(marker + ":\n" + plan)
                        .doesNotContain("Seq Scan on generation_jobs")
                        .doesNotContain("Seq Scan on agent_events")
                        .doesNotContain("Seq Scan on outbox")
                        .doesNotContain("Seq Scan on observations");
            }
        }
    }

    /** A statement run once per batch, found among the session's prepared statements by {@code marker}. */
    private record Batch(String marker, String sql, boolean returnsRows, IntFunction<Map<String, ?>> params) {
    }

    /** {@code params} as literals in the order of the prepared statement's parameters, for {@code EXECUTE}. */
    private static String literals(String sql, Map<String, ?> params) {
        Object[] values = NamedParameterUtils.buildValueArray(NamedParameterUtils.parseSqlStatement(sql),
                new MapSqlParameterSource(params), null);
        List<String> literals = new ArrayList<>();
        for (Object value : values) {
            String text = value instanceof Object[] array
                    ? "{" + String.join(",", Arrays.stream(array).map(String::valueOf).toList()) + "}"
                    : String.valueOf(value);
            literals.add("'" + text.replace("'", "''") + "'");
        }
        return String.join(", ", literals);
    }

    /** Three of the jobs, a different three each run. */
    private static String[] batch(List<String> jobs, int run) {
        return new String[] {jobs.get(3 * run), jobs.get(3 * run + 1), jobs.get(3 * run + 2)};
    }
}
