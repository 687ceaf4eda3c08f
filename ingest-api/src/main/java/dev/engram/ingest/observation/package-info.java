/** Scoped reads of observations and their sources. */
@NullMarked
package dev.engram.ingest.observation;

import org.jspecify.annotations.NullMarked;
