package dev.engram.ingest.relay;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox relay.
 *
 * @param enabled whether this instance runs a relay; only one relay is active at a time anyway
 * @param pollInterval the longest the relay goes without polling the outbox (it is woken at once by commits of
 *        its own instance and by other instances' notifications; after it found rows it polls again within
 *        10 ms, backing off to this when idle), and how often a standby relay tries to take the lock
 * @param batchSize rows claimed, sent and marked per transaction
 * @param sendTimeout how long to wait for the broker to acknowledge a batch before giving up on it
 * @param retention how long published rows are kept before they are deleted
 * @param reconcileInterval how often jobs that never reached Kafka are looked for
 * @param republishAfter how long a job may stay queued after its last publish before it is published again;
 *        a processing job is published again once its lease ({@code engram.jobs.processing-lease}) ran out
 * @param lockKey the Postgres advisory lock that elects the active relay
 * @param remoteWakeInterval an instance whose relay is not the active one tells the active relay of its
 *        commits with a NOTIFY outside the commit, at most one per this interval
 * @param publisher who sends outbox rows to Kafka: the relay itself, or a Kafka Connect connector (Debezium's
 *        Outbox Event Router, infra/debezium) while the relay keeps house (ADR 0011)
 * @param connectorSlot with {@code publisher=connector}: the connector's replication slot, whose confirmed position
 *        tells which rows it has published
 * @param connectorNudgeAfter with {@code publisher=connector}: how long rows wait for the slot before the relay writes
 *        one of them again unchanged, a change the connector streams (and skips) and so confirms past; in a quiet
 *        spell nothing else follows the last rows
 */
@ConfigurationProperties("engram.relay")
public record RelaySettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("500") int batchSize,
        @DefaultValue("30s") Duration sendTimeout,
        @DefaultValue("1h") Duration retention,
        @DefaultValue("15s") Duration reconcileInterval,
        @DefaultValue("2m") Duration republishAfter,
        @DefaultValue("7306086870069424493") long lockKey,
        @DefaultValue("10ms") Duration remoteWakeInterval,
        @DefaultValue("relay") Publisher publisher,
        @DefaultValue("engram_outbox") String connectorSlot,
        @DefaultValue("1s") Duration connectorNudgeAfter) {

    /** Who publishes the outbox. */
    public enum Publisher {
        /** The relay claims due rows, sends them and marks them published. */
        RELAY,
        /** A connector publishes every row at commit; the relay confirms, re-issues due debounce rows and keeps house. */
        CONNECTOR
    }
}
