/** The ingest API: REST endpoints, auth, job reads and the outbox relay. */
@NullMarked
package dev.engram.ingest;

import org.jspecify.annotations.NullMarked;
