/**
 * {@code POST /v1/context}: the text a session start injects (recent session summaries, then the
 * observations relevant to the query), cut to a token budget and answered within a hard deadline; and the
 * Claude Code SessionStart hook route that wraps it in the hook's answer.
 */
@NullMarked
package dev.engram.ingest.context;

import org.jspecify.annotations.NullMarked;
