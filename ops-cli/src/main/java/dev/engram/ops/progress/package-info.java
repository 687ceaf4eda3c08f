/** How long CLI work shows its progress. */
@NullMarked
package dev.engram.ops.progress;

import org.jspecify.annotations.NullMarked;
