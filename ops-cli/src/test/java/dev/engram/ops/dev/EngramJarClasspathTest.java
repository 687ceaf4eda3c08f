package dev.engram.ops.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * engram.jar runs all three apps, so its runtime classpath must hold every artifact each app's own jar runs with
 * (versions may differ: Maven mediates them once for the whole CLI). A test-scoped dependency of ops-cli on an
 * artifact an app needs at run time takes it out of engram.jar while every test still passes (it happened: the MCP
 * SDK's schema validator, and `engram dev` failed to start); this test reads what the build recorded instead.
 */
class EngramJarClasspathTest {

    private static final Path ENGRAM_RUNTIME = Path.of("target", "engram-runtime-classpath.txt");

    @Test
    void everyArtifactAnAppRunsWithIsOnEngramJarsRuntimeClasspath() throws IOException {
        Set<String> engram = artifacts(Files.readString(ENGRAM_RUNTIME));
        assertThat(engram).contains("spring-boot", "picocli");
        for (EmbeddedApp app : EmbeddedApp.values()) {
            Set<String> needed;
            try (InputStream index = EmbeddedApp.resourceBeside(app.mainClass(), AppClasspath.INDEX).openStream()) {
                needed = artifacts(new String(index.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertThat(needed).as("what %s records", app.applicationName()).isNotEmpty();
            needed.removeAll(engram);
            assertThat(needed).as("artifacts %s runs with that engram.jar would lack", app.applicationName())
                    .isEmpty();
        }
    }

    /** The artifact names of a recorded classpath ("lib/snakeyaml-engine-3.0.1.jar,..." gives snakeyaml-engine). */
    private static Set<String> artifacts(String classpath) {
        return Arrays.stream(classpath.split(","))
                .map(String::strip)
                .filter(entry -> entry.endsWith(".jar"))
                .map(entry -> entry.substring(entry.lastIndexOf('/') + 1))
                .map(jar -> jar.replaceFirst("-\\d[^-]*(-[A-Za-z0-9.]+)?\\.jar$", ""))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
