package dev.engram.ingest.observation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The pool of the ranked reads of memory ({@link MemoryReadConnections}).
 *
 * @param poolSize the connections searches, the context pack's timeline and recent reads may hold at once, beside
 *        the ingest pool
 */
@ConfigurationProperties("engram.search")
public record MemoryReadSettings(@DefaultValue("8") int poolSize) {
}
