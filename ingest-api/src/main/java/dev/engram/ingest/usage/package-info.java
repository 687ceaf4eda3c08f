/** {@code GET /v1/usage}: what a team did this month. */
@NullMarked
package dev.engram.ingest.usage;

import org.jspecify.annotations.NullMarked;
