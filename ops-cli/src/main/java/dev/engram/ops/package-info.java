/** The {@code engram} command: the local dev stack, API keys and the demo session. */
@NullMarked
package dev.engram.ops;

import org.jspecify.annotations.NullMarked;
