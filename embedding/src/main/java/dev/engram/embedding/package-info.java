/** Text embeddings for semantic search, computed in-process by a local model. */
@NullMarked
package dev.engram.embedding;

import org.jspecify.annotations.NullMarked;
