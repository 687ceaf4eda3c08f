package dev.engram.ops.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Telling which jar registered an auto-configuration, on every classpath `engram dev` runs from. */
class AppClasspathTest {

    @Test
    void findsTheJarOfAResourceInTheLocalRepository() throws Exception {
        assertThat(AppClasspath.jarOf(URI.create("jar:file:/root/.m2/repository/org/springframework/boot/"
                + "spring-boot-flyway/4.0.9/spring-boot-flyway-4.0.9.jar!/" + AppClasspath.AUTO_CONFIGURATIONS).toURL()))
                .contains("spring-boot-flyway-4.0.9.jar");
    }

    @Test
    void findsTheNestedJarOfAResourceInsideEngramJar() {
        String nested = "jar:nested:/opt/engram/engram.jar/!BOOT-INF/lib/spring-cloud-stream-5.0.2.jar!/"
                + AppClasspath.AUTO_CONFIGURATIONS;
        assertThat(AppClasspath.jarOf(new FakeUrl(nested).url())).contains("spring-cloud-stream-5.0.2.jar");
    }

    @Test
    void aResourceInAClassesDirectoryHasNoJar() throws Exception {
        assertThat(AppClasspath.jarOf(URI.create("file:/work/main/processor-runtime/target/classes/"
                + AppClasspath.AUTO_CONFIGURATIONS).toURL())).isEmpty();
    }

    @Test
    void everyAppRecordsItsOwnClasspath() {
        AppClasspath ingest = AppClasspath.of(EmbeddedApp.INGEST_API.mainClass());
        AppClasspath generation = AppClasspath.of(EmbeddedApp.GENERATION_PROCESSOR.mainClass());

        assertThat(ingest.contains(jarOf(org.springframework.r2dbc.core.DatabaseClient.class))).isTrue();
        assertThat(generation.contains(jarOf(org.springframework.r2dbc.core.DatabaseClient.class))).isFalse();
        assertThat(generation.contains(jarOf(org.springframework.cloud.stream.binding.BindingService.class))).isTrue();
        assertThat(ingest.contains(jarOf(org.springframework.cloud.stream.binding.BindingService.class))).isFalse();
    }

    private static String jarOf(Class<?> type) {
        String path = type.getProtectionDomain().getCodeSource().getLocation().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** A {@code jar:nested:} URL without Spring Boot's loader installed: only its text matters here. */
    private record FakeUrl(String text) {
        java.net.URL url() {
            try {
                return new java.net.URL(null, text, new java.net.URLStreamHandler() {
                    @Override
                    protected java.net.URLConnection openConnection(java.net.URL u) {
                        throw new UnsupportedOperationException();
                    }
                });
            } catch (java.net.MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
