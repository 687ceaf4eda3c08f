/** {@code engram demo}: replays a recorded Claude Code session through a running stack and prints the observations. */
@NullMarked
package dev.engram.ops.demo;

import org.jspecify.annotations.NullMarked;
