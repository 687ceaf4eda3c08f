package dev.engram.ingest.project;

import dev.engram.core.job.GenerationPolicy;
import org.jspecify.annotations.Nullable;

/**
 * A project the key may write to, with its own generation policy when it overrides the deployment's.
 *
 * @param projectId the project
 * @param generationPolicy the project's policy, or null to use the deployment's
 */
public record WritableProject(String projectId, @Nullable GenerationPolicy generationPolicy) {

    public GenerationPolicy policyOr(GenerationPolicy deploymentDefault) {
        return generationPolicy == null ? deploymentDefault : generationPolicy;
    }
}
