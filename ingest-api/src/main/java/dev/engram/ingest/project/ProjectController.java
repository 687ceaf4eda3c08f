package dev.engram.ingest.project;

import dev.engram.ingest.auth.ApiKeyPrincipal;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /v1/projects}: the projects the key may read (an Engram extension; the viewer's project picker). */
@RestController
class ProjectController {

    private final ProjectRepository projects;

    ProjectController(ProjectRepository projects) {
        this.projects = projects;
    }

    @GetMapping("/v1/projects")
    Mono<Projects> list(ApiKeyPrincipal key) {
        return projects.readableBy(key.teamId(), key.projectId()).collectList().map(Projects::new);
    }

    /** {@code {"projects": [{id, name, createdAtEpoch}]}}, by id. */
    record Projects(List<ProjectView> projects) {
    }
}
