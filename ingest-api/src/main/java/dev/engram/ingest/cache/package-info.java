/** Short-lived caches of the lookups every request makes, each with a documented staleness bound. */
@NullMarked
package dev.engram.ingest.cache;

import org.jspecify.annotations.NullMarked;
