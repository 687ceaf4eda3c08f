package dev.engram.ops.keys;

/** Refuses to bind a key to a project that already belongs to a different team: project ids are global. */
public final class ProjectOfAnotherTeamException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public ProjectOfAnotherTeamException(String projectId, String owner, String requested) {
        super("Project " + projectId + " belongs to team " + owner + ", not " + requested);
    }
}
