/**
 * claude-mem's legacy hook routes ({@code /api/sessions/*}), translated onto the same session and
 * event services as {@code /v1}: a second front door, not a second implementation.
 */
@NullMarked
package dev.engram.ingest.compat;

import org.jspecify.annotations.NullMarked;
