/** {@code engram doctor}: checking what a running Engram needs, one line and one fix per finding. */
@NullMarked
package dev.engram.ops.doctor;

import org.jspecify.annotations.NullMarked;
