/**
 * The ingest API's background loops that must own a JDBC session of their own (LISTEN, session advisory
 * locks), apart from the reactive request paths: the dedicated sessions, and the job-completion listener
 * that wakes {@code ?wait=true} requests.
 */
@NullMarked
package dev.engram.ingest.background;

import org.jspecify.annotations.NullMarked;
