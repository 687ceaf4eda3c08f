/**
 * {@code engram keys}: issuing, listing and revoking API keys straight in the database (only a key's hash and its
 * first characters are stored).
 */
@NullMarked
package dev.engram.ops.keys;

import org.jspecify.annotations.NullMarked;
