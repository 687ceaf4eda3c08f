/** {@code engram audit}: reading the audit trail. */
@NullMarked
package dev.engram.ops.audit;

import org.jspecify.annotations.NullMarked;
