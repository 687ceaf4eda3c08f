/**
 * {@code /v1/mcp}: Engram's memory as an MCP server (streamable HTTP, stateless) with claude-mem's three
 * tools, {@code search}, {@code context} and {@code recent}. The MCP Java SDK runs the protocol; this
 * package holds the HTTP transport that keeps claude-mem's wire rules and the tools themselves.
 */
@NullMarked
package dev.engram.ingest.mcp;

import org.jspecify.annotations.NullMarked;
