/** {@code engram replay}: reading a lane's records again by moving its consumer group back. */
@NullMarked
package dev.engram.ops.replay;

import org.jspecify.annotations.NullMarked;
