/** {@code engram projects}: per-project settings an operator changes, such as the generation policy. */
@NullMarked
package dev.engram.ops.projects;

import org.jspecify.annotations.NullMarked;
