/** {@code POST /v1/search}: a project's memory by words, with filters and paging, scoped to the key. */
@NullMarked
package dev.engram.ingest.search;

import org.jspecify.annotations.NullMarked;
