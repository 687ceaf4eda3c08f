/** Writes observations and their source links idempotently, by generation key. */
@NullMarked
package dev.engram.generation.observation;

import org.jspecify.annotations.NullMarked;
