package dev.engram.ops.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * infra/docker-compose.yml, its Dockerfiles and the Prometheus config, checked without Docker (this machine has no
 * engine, and no {@code docker compose}): the compose file against the Compose Specification's JSON schema, and
 * the pieces against each other and against the apps (ports, jars, health paths).
 */
class ComposeFileTest {

    private static final Path INFRA = Path.of("..", "infra");
    private static final Path COMPOSE = INFRA.resolve("docker-compose.yml");
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Map<String, Integer> APPS = DeployedApps.PORTS;

    @Test
    void theComposeFileIsValidAgainstTheComposeSpecification() throws IOException {
        assertThat(errors(Files.readString(COMPOSE))).isEmpty();
    }

    @Test
    void aComposeFileWithAKeyTheSpecificationDoesNotKnowIsRejected() throws IOException {
        String misspelt = Files.readString(COMPOSE).replaceFirst("\n    healthcheck:", "\n    healthchek:");
        assertThat(errors(misspelt)).extracting(Error::getMessage).anyMatch(message -> message.contains("healthchek"));
    }

    @Test
    void everyAppIsBuiltFromItsOwnDockerfileAsANonRootImageWithAHealthCheckOnItsPort() throws IOException {
        JsonNode services = YAML.readTree(Files.readString(COMPOSE)).get("services");
        assertThat(services.propertyNames()).containsAll(APPS.keySet())
                .contains("postgres", "kafka", "prometheus", "grafana");
        for (Map.Entry<String, Integer> app : APPS.entrySet()) {
            JsonNode service = services.get(app.getKey());
            Path dockerfile = INFRA.resolve("..").resolve(service.path("build").path("dockerfile").asString());
            assertThat(dockerfile).as(app.getKey()).exists();
            String text = Files.readString(dockerfile);
            assertThat(text).as(app.getKey())
                    .contains("COPY " + app.getKey() + "/target/engram-" + app.getKey() + "-*-exec.jar app.jar")
                    .contains("jarmode=tools")
                    .contains("USER engram")
                    .contains("EXPOSE " + app.getValue())
                    .contains("http://127.0.0.1:" + app.getValue() + "/actuator/health/readiness");
            assertThat(Path.of("..", app.getKey(), "pom.xml")).as("the module the image is built from").exists();
            assertThat(appPort(app.getKey())).as("%s's own port", app.getKey()).isEqualTo(app.getValue());
        }
        // a scalable processor has neither a fixed name nor a host port
        assertThat(services.get("generation-processor").has("container_name")).isFalse();
        assertThat(services.get("generation-processor").has("ports")).isFalse();
    }

    @Test
    void prometheusScrapesEveryAppOnItsPortAndGrafanaGetsTheDashboard() throws IOException {
        JsonNode prometheus = YAML.readTree(Files.readString(INFRA.resolve("prometheus/prometheus.yml")));
        for (JsonNode job : prometheus.get("scrape_configs")) {
            String app = job.get("job_name").asString();
            assertThat(APPS).as("scraped app %s", app).containsKey(app);
            assertThat(job.get("metrics_path").asString()).isEqualTo("/actuator/prometheus");
            JsonNode dns = job.get("dns_sd_configs").get(0);
            assertThat(dns.get("names").get(0).asString()).isEqualTo(app);
            assertThat(dns.get("port").asInt()).isEqualTo(APPS.get(app));
        }
        assertThat(prometheus.get("scrape_configs")).hasSize(APPS.size());
        JsonNode services = YAML.readTree(Files.readString(COMPOSE)).get("services");
        for (String service : List.of("prometheus", "grafana")) {
            for (JsonNode volume : services.get(service).get("volumes")) {
                Path mounted = INFRA.resolve(volume.asString().split(":")[0]);
                assertThat(mounted).as("%s mounts %s", service, volume.asString()).exists();
            }
        }
    }

    private static List<Error> errors(String compose) throws IOException {
        try (InputStream schema = Files.newInputStream(INFRA.resolve("schema/compose-spec.json"))) {
            // The specification's schema still names its parts with draft 4's "id": an annotation, nothing to check.
            Dialect dialect = Dialect.builder(Dialects.getDraft201909()).keyword(new AnnotationKeyword("id")).build();
            Schema spec = SchemaRegistry.withDefaultDialect(dialect).getSchema(schema);
            return spec.validate(compose, InputFormat.YAML);
        }
    }

    /** The default of {@code server.port} in the app's application.yml ({@code ${ENGRAM_..._PORT:8081}}). */
    private static int appPort(String app) throws IOException {
        String yml = Files.readString(Path.of("..", app, "src", "main", "resources", "application.yml"));
        Matcher port = Pattern.compile("(?m)^server:\\n(?:  .*\\n)*?  port: \\$\\{[A-Z_]+:(\\d+)}").matcher(yml);
        assertThat(port.find()).as("server.port in %s's application.yml", app).isTrue();
        return Integer.parseInt(port.group(1));
    }
}
