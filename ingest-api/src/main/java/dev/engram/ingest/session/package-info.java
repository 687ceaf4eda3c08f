/** Sessions: find-or-create on start, scoped reads, and ending a session, which enqueues its summary. */
@NullMarked
package dev.engram.ingest.session;

import org.jspecify.annotations.NullMarked;
