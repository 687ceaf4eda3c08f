/**
 * The memory viewer at {@code /viewer}: static pages from the jar that use only the public API (with the key the
 * user pastes) and the live stream, {@code GET /v1/stream}.
 */
@NullMarked
package dev.engram.ingest.viewer;

import org.jspecify.annotations.NullMarked;
