package dev.engram.ingest.project;

/** A project as {@code GET /v1/projects} answers it (an Engram extension). */
public record ProjectView(String id, String name, long createdAtEpoch) {
}
