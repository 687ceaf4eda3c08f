package dev.engram.ingest.observation;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Which of a project's observations a read wants: the filters search, context and recent share. Every
 * filter is off when null (or, for {@code kinds}, when it holds every kind).
 *
 * @param teamId the key's team: never from the request body
 * @param projectId a project of that team
 * @param types observation types ({@code discovery}, {@code decision}, ...), or null for all
 * @param kinds generated observations, session summaries, memories written directly
 * @param sessionId one session's only
 * @param since created at or after
 * @param until created before
 * @param file a path read or modified (or its last segments, e.g. {@code Retry.java})
 * @param platformSource the agent platform of the observation's session
 * @param limit how many at most
 * @param offset how many to skip (paging)
 */
public record ObservationFilter(
        String teamId,
        String projectId,
        @Nullable List<String> types,
        Set<Kind> kinds,
        @Nullable UUID sessionId,
        @Nullable Instant since,
        @Nullable Instant until,
        @Nullable String file,
        @Nullable String platformSource,
        int limit,
        int offset) {

    public ObservationFilter {
        types = types == null ? null : List.copyOf(types);
        kinds = Set.copyOf(kinds);
    }

    /** All of a project's observations, newest or best first, {@code limit} at a time. */
    public static ObservationFilter of(String teamId, String projectId, int limit) {
        return new ObservationFilter(teamId, projectId, null, Set.of(Kind.values()), null, null, null, null, null,
                limit, 0);
    }

    public ObservationFilter withKinds(Set<Kind> onlyThese) {
        return new ObservationFilter(teamId, projectId, types, onlyThese, sessionId, since, until, file,
                platformSource, limit, offset);
    }

    /** The same filter, kept to observations of sessions on {@code platform} (null for any). */
    public ObservationFilter withPlatform(@Nullable String platform) {
        return new ObservationFilter(teamId, projectId, types, kinds, sessionId, since, until, file, platform, limit,
                offset);
    }

    public ObservationFilter withLimit(int newLimit) {
        return new ObservationFilter(teamId, projectId, types, kinds, sessionId, since, until, file, platformSource,
                newLimit, offset);
    }

    /** What made an observation: the pipeline from events, a session's end, or a client directly. */
    public enum Kind {
        OBSERVATION("observation"), SUMMARY("summary"), MEMORY("memory");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static @Nullable Kind fromWireName(String wireName) {
            for (Kind kind : values()) {
                if (kind.wireName.equals(wireName)) {
                    return kind;
                }
            }
            return null;
        }
    }
}
