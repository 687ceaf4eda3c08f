/** The summary processor: turns ended sessions into summaries. */
@NullMarked
package dev.engram.summary;

import org.jspecify.annotations.NullMarked;
