/** The audit log: one row per write, read and operator action, never failing the request. */
@NullMarked
package dev.engram.ingest.audit;

import org.jspecify.annotations.NullMarked;
