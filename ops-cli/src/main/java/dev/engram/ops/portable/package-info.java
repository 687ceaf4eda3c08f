/** {@code engram export | import}: a project's memory as versioned JSON Lines, into another project or Engram. */
@NullMarked
package dev.engram.ops.portable;

import org.jspecify.annotations.NullMarked;
