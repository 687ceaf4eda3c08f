package dev.engram.ingest.search;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Search.
 *
 * @param maxDistance the farthest (cosine distance, 0 to 2) an observation may be from the query's embedding to
 *        be found by meaning; farther ones are found by words only. With all-MiniLM-L6-v2 a question and the
 *        observation that answers it in other words lie at about 0.3 to 0.65, unrelated text at 0.8 and beyond.
 */
@ConfigurationProperties("engram.search")
public record SearchSettings(@DefaultValue("0.75") double maxDistance) {
}
