/** {@code engram keys}: issuing API keys straight into the database (only the hash is stored). */
@NullMarked
package dev.engram.ops.keys;

import org.jspecify.annotations.NullMarked;
