package dev.engram.core.job;

import dev.engram.core.lane.Lane;

/** What a generation job does; fixes its id prefix, its source type and the lane it travels on. */
public enum JobKind {
    EVENT("event", "evt_", SourceType.AGENT_EVENT, Lane.EVENT),
    EVENT_BATCH("event-batch", "bat_", SourceType.EVENT_BATCH, Lane.EVENT_BATCH),
    SUMMARY("summary", "sum_", SourceType.SESSION_SUMMARY, Lane.SUMMARY),
    REINDEX("reindex", "rix_", SourceType.OBSERVATION_REINDEX, Lane.REINDEX);

    private final String wireName;
    private final String idPrefix;
    private final SourceType sourceType;
    private final Lane lane;

    JobKind(String wireName, String idPrefix, SourceType sourceType, Lane lane) {
        this.wireName = wireName;
        this.idPrefix = idPrefix;
        this.sourceType = sourceType;
        this.lane = lane;
    }

    /** The kind as stored in {@code generation_jobs.job_type} and carried in the payload's {@code kind}. */
    public String wireName() {
        return wireName;
    }

    public String idPrefix() {
        return idPrefix;
    }

    public SourceType sourceType() {
        return sourceType;
    }

    public Lane lane() {
        return lane;
    }

    public static JobKind fromWireName(String wireName) {
        for (JobKind kind : values()) {
            if (kind.wireName.equals(wireName)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown job kind: " + wireName);
    }
}
