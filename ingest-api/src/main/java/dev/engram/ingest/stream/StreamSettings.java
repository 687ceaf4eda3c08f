package dev.engram.ingest.stream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The live stream of a project's observations ({@code GET /v1/stream}).
 *
 * @param pollInterval how often a watched project is asked for new rows (one query per watched project, however many
 *        streams watch it; nothing is asked for a project no one watches): a new row reaches a stream within about
 *        this long of its commit
 * @param overlap how far back each poll looks before the newest row it has seen, so that a row whose transaction
 *        began earlier but committed later is still shown; a transaction that writes observations and stays open
 *        longer than this may have its rows missed by open streams (never by the memory itself)
 * @param backlog how many of the project's newest rows a stream starts with
 * @param heartbeat how often an idle stream sends a comment, so proxies and the client know it is alive
 */
@ConfigurationProperties("engram.stream")
public record StreamSettings(
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("5s") Duration overlap,
        @DefaultValue("20") int backlog,
        @DefaultValue("15s") Duration heartbeat) {
}
