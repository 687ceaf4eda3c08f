package dev.engram.ops.docs;

import java.util.Map;

/** The apps infra/ deploys, each with the port its HTTP and management endpoints answer on (its server.port). */
final class DeployedApps {

    static final Map<String, Integer> PORTS = Map.of("ingest-api", 8080, "generation-processor", 8081,
            "summary-processor", 8082);

    private DeployedApps() {
    }
}
