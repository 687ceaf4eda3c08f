package dev.engram.ingest.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.ingest.IngestApiTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/** The viewer's page and assets come from the jar, without a key, with headers that keep the page to this origin. */
class ViewerRoutesTest extends IngestApiTest {

    private static final Path ASSETS = Path.of("src", "main", "resources", "static", "viewer");

    @Test
    void thePageIsServedAtViewerWithoutAKey() {
        for (String path : List.of("/viewer", "/viewer/")) {
            EntityExchangeResult<String> page = http.get().uri(path).exchange().expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectBody(String.class).returnResult();

            assertThat(page.getResponseBody()).contains("<script type=\"module\" src=\"/viewer/viewer.js\">");
            assertThat(page.getResponseHeaders().getFirst("Content-Security-Policy"))
                    .contains("default-src 'self'").contains("script-src 'self'").contains("frame-ancestors 'none'");
            assertThat(page.getResponseHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        }
    }

    @Test
    void itsScriptAndStylesComeFromTheJar() {
        http.get().uri("/viewer/viewer.js").exchange().expectStatus().isOk()
                .expectHeader().value("Content-Type", type -> assertThat(type).contains("javascript"))
                .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp).contains("'self'"))
                .expectBody(String.class).value(script -> assertThat(script).contains("/v1/stream"));
        http.get().uri("/viewer/viewer.css").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.valueOf("text/css"));
        http.get().uri("/viewer/missing.js").exchange().expectStatus().isNotFound();
    }

    @Test
    void nothingIsFetchedFromAnotherHost() throws IOException {
        try (Stream<Path> files = Files.list(ASSETS)) {
            List<Path> assets = files.toList();
            assertThat(assets).extracting(path -> path.getFileName().toString())
                    .contains("index.html", "viewer.js", "viewer.css");
            for (Path asset : assets) {
                assertThat(Files.readString(asset)).as(asset.toString())
                        .doesNotContainPattern("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}/")
                        .doesNotContain("@import").doesNotContain("innerHTML");
            }
        }
    }
}
