/** Projects, as seen by the API: existence and team membership checks. */
@NullMarked
package dev.engram.ingest.project;

import org.jspecify.annotations.NullMarked;
