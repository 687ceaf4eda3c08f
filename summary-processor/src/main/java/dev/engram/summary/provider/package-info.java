/** Summary providers of the summary processor, among them the offline {@code rules} provider. */
@NullMarked
package dev.engram.summary.provider;

import org.jspecify.annotations.NullMarked;
