/** Test fixtures shared by ops-cli's tests: one dev stack per JVM, free ports. */
@NullMarked
package dev.engram.ops.testing;

import org.jspecify.annotations.NullMarked;
