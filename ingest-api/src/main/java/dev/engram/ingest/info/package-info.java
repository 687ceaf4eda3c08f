/** Health and service information routes. */
@NullMarked
package dev.engram.ingest.info;

import org.jspecify.annotations.NullMarked;
