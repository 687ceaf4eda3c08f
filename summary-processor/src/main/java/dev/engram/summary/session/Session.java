package dev.engram.summary.session;

import java.util.UUID;

/** A session found inside a job's own team and project; what its summary is read and written under. */
public record Session(UUID id, String teamId, String projectId) {
}
