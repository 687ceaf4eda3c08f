/** HTTP plumbing shared by every route: problem-detail errors, request ids, body limits and JSON reading. */
@NullMarked
package dev.engram.ingest.api;

import org.jspecify.annotations.NullMarked;
