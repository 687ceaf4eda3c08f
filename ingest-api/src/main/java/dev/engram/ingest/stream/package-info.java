/**
 * {@code GET /v1/stream}: a project's new observations and summaries as server-sent events, as they are written
 * (the viewer's live view). One poll per watched project, only while someone watches; no NOTIFY on any commit.
 */
@NullMarked
package dev.engram.ingest.stream;

import org.jspecify.annotations.NullMarked;
