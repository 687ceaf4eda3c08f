package dev.engram.core.store;

import dev.engram.core.sql.ApiKeysSql;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Writes API keys: only the key's hash reaches the database. */
public class ApiKeyStore {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public ApiKeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a key of the team (and project, when not null) that does not expire; returns its row id. */
    public UUID insert(String keyHash, String teamId, @Nullable String projectId, List<String> scopes,
            @Nullable String label, @Nullable String actorId) {
        return jdbc.sql(ApiKeysSql.INSERT)
                .param("hash", keyHash)
                .param("team", teamId)
                .param("project", projectId)
                .param("scopes", MAPPER.writeValueAsString(scopes))
                .param("label", label)
                .param("actor", actorId)
                .param("expiresAt", null)
                .query(UUID.class).single();
    }
}
