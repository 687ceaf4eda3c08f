/** Keys minted over HTTP for MCP clients ({@code POST /v1/keys}) and how to connect one ({@code GET /v1/connect}). */
@NullMarked
package dev.engram.ingest.key;

import org.jspecify.annotations.NullMarked;
