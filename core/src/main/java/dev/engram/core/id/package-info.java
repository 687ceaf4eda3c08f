/** Ids Engram makes for the rows it writes. */
@NullMarked
package dev.engram.core.id;

import org.jspecify.annotations.NullMarked;
