/** Small helpers for the plain SQL the repositories run through R2DBC. */
@NullMarked
package dev.engram.ingest.sql;

import org.jspecify.annotations.NullMarked;
