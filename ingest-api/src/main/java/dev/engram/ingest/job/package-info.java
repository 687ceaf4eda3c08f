/** Generation job rows: creation at ingest and scoped reads. */
@NullMarked
package dev.engram.ingest.job;

import org.jspecify.annotations.NullMarked;
