/** Bearer API-key authentication and scope checks; a request's tenant comes only from its key. */
@NullMarked
package dev.engram.ingest.auth;

import org.jspecify.annotations.NullMarked;
