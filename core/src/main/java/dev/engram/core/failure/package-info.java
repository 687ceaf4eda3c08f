/**
 * How failures are told apart where the difference decides what happens next: a database that is away (try the same
 * thing again) from a request or a row it refused (do not).
 */
@NullMarked
package dev.engram.core.failure;

import org.jspecify.annotations.NullMarked;
