/** Observation providers of the generation processor, among them the offline {@code rules} provider. */
@NullMarked
package dev.engram.generation.provider;

import org.jspecify.annotations.NullMarked;
