/** {@code engram reindex}: recomputing search rows and embeddings through the reindex lane. */
@NullMarked
package dev.engram.ops.reindex;

import org.jspecify.annotations.NullMarked;
