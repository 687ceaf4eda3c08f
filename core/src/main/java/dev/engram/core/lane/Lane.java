package dev.engram.core.lane;

import java.util.Arrays;

/**
 * A lane of work: each has its own Kafka topic, {@code engram.jobs.<lane>}, and a dead-letter topic
 * {@code engram.jobs.<lane>.dlq} for jobs that failed for good.
 */
public enum Lane {
    EVENT("event"),
    EVENT_BATCH("event-batch"),
    SUMMARY("summary"),
    REINDEX("reindex");

    private static final String TOPIC_PREFIX = "engram.jobs.";

    private final String wireName;

    Lane(String wireName) {
        this.wireName = wireName;
    }

    /** The lane's name as stored in {@code outbox.aggregatetype} and used in topic names. */
    public String wireName() {
        return wireName;
    }

    public String topic() {
        return TOPIC_PREFIX + wireName;
    }

    public String deadLetterTopic() {
        return topic() + ".dlq";
    }

    public static Lane fromWireName(String wireName) {
        return Arrays.stream(values())
                .filter(lane -> lane.wireName.equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown lane: " + wireName));
    }
}
