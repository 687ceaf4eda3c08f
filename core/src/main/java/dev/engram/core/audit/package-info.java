/** The audit trail's shared shapes. */
@NullMarked
package dev.engram.core.audit;

import org.jspecify.annotations.NullMarked;
