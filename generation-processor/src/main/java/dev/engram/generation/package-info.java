/** The generation processor: turns agent events into observations. */
@NullMarked
package dev.engram.generation;

import org.jspecify.annotations.NullMarked;
