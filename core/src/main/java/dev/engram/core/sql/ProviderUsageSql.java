package dev.engram.core.sql;

/** SQL for {@code provider_usage}: the tokens of every remote provider call, per job and attempt. */
public final class ProviderUsageSql {

    /** One call's tokens; a second write for the same job and attempt (a re-delivery) changes nothing. */
    public static final String INSERT = """
            INSERT INTO provider_usage (job_id, attempt, team_id, project_id, provider, model, input_tokens,
                                        output_tokens)
            VALUES (:job, :attempt, :team, :project, :provider, :model, :input, :output)
            ON CONFLICT (job_id, attempt) DO NOTHING
            """;

    /** The tokens (in and out) a project's calls used since midnight UTC. */
    public static final String TOKENS_TODAY = """
            SELECT COALESCE(sum(input_tokens + output_tokens), 0) FROM provider_usage
             WHERE team_id = :team AND project_id = :project
               AND created_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
            """;

    private ProviderUsageSql() {
    }
}
