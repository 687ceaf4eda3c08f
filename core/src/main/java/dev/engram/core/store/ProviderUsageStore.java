package dev.engram.core.store;

import dev.engram.core.sql.ProviderUsageSql;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Records what each remote provider call cost in tokens, and answers a project's use of the day. */
public class ProviderUsageStore {

    private final JdbcClient jdbc;

    public ProviderUsageStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(GenerationJob job, String provider, @Nullable String model, long inputTokens,
            long outputTokens) {
        jdbc.sql(ProviderUsageSql.INSERT).param("job", job.id()).param("attempt", job.attempts())
                .param("team", job.teamId()).param("project", job.projectId()).param("provider", provider)
                .param("model", model).param("input", inputTokens).param("output", outputTokens).update();
    }

    /** Tokens in and out of the project's calls since midnight UTC. */
    public long tokensToday(String teamId, String projectId) {
        return jdbc.sql(ProviderUsageSql.TOKENS_TODAY).param("team", teamId).param("project", projectId)
                .query(Long.class).single();
    }
}
