/**
 * Memories: direct inserts of observations ({@code POST /v1/memories}), deleting one observation, and
 * purging everything a project remembers while keeping the project and its keys.
 */
@NullMarked
package dev.engram.ingest.memory;

import org.jspecify.annotations.NullMarked;
