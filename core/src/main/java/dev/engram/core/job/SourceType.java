package dev.engram.core.job;

/** What a generation job was made from, as stored in {@code generation_jobs.source_type}. */
public enum SourceType {
    AGENT_EVENT("agent_event"),
    EVENT_BATCH("event_batch"),
    SESSION_SUMMARY("session_summary"),
    OBSERVATION_REINDEX("observation_reindex");

    private final String wireName;

    SourceType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static SourceType fromWireName(String wireName) {
        for (SourceType type : values()) {
            if (type.wireName.equals(wireName)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown source type: " + wireName);
    }
}
