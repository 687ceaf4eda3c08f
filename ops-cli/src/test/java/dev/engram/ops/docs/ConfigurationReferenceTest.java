package dev.engram.ops.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/configuration.md against the configuration metadata Boot's processor wrote into every Engram jar
 * (this module's test classpath holds them all): no key may go undocumented, no documented key may be
 * bound by nothing, and no documented default may differ from the record's.
 */
class ConfigurationReferenceTest {

    private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");
    /** A table row: | `engram.key` | `default` | ... */
    private static final Pattern ROW = Pattern.compile("^\\| `(engram\\.[a-z0-9.-]+)` \\| (?:`([^`]*)`)?[^|]*\\|",
            Pattern.MULTILINE);

    @Test
    void everyKeyIsDocumentedWithItsDefault() throws IOException {
        Map<String, String> documented = documented();
        Map<String, String> bound = bound();

        assertThat(bound).as("keys found in the metadata").containsKeys("engram.database.host",
                "engram.jobs.processing-lease", "engram.relay.batch-size", "engram.processor.retry-base-delay");
        assertThat(documented.keySet()).as("keys that docs/configuration.md lacks")
                .containsAll(bound.keySet());
        assertThat(bound.keySet()).as("documented keys that no @ConfigurationProperties record binds")
                .containsAll(documented.keySet());
        bound.forEach((key, defaultValue) -> assertThat(documented.get(key))
                .as("documented default of %s", key).isEqualTo(defaultValue));
    }

    private static Map<String, String> documented() throws IOException {
        Map<String, String> keys = new TreeMap<>();
        Matcher row = ROW.matcher(Files.readString(REFERENCE));
        while (row.find()) {
            keys.put(row.group(1), row.group(2) == null ? "" : row.group(2));
        }
        return keys;
    }

    /** {@code engram.*} keys from every metadata file on the classpath, with their defaults as text. */
    private static Map<String, String> bound() throws IOException {
        JsonMapper mapper = JsonMapper.builder().build();
        Map<String, String> keys = new TreeMap<>();
        for (URL url : Collections.list(ConfigurationReferenceTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property : mapper.readTree(in).path("properties")) {
                    String name = property.path("name").asString();
                    if (name.startsWith("engram.")) {
                        JsonNode value = property.path("defaultValue");
                        keys.put(name, value.isMissingNode() || value.isNull() ? "" : value.asString());
                    }
                }
            }
        }
        return keys;
    }
}
