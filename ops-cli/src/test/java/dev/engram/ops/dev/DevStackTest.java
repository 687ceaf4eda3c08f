package dev.engram.ops.dev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.ops.testing.SharedDevStack;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Three apps share one JVM and one classpath, yet each context starts only what it would on its own. */
class DevStackTest {

    private final DevStack stack = SharedDevStack.get();

    @Test
    void ingestApiServesHttpAndOwnsTheSchemaButNoStreamBindings() throws Exception {
        ConfigurableApplicationContext ingest = stack.ingestContext();

        assertThat(ingest).isInstanceOf(WebServerApplicationContext.class);
        assertThat(ingest.getEnvironment().getProperty("spring.application.name")).isEqualTo("ingest-api");
        assertThat(beansOf(ingest, "io.r2dbc.spi.ConnectionFactory")).isNotEmpty();
        assertThat(beansOf(ingest, "org.flywaydb.core.Flyway")).isNotEmpty();
        assertThat(beansOf(ingest, "org.springframework.cloud.stream.binding.BindingService")).isEmpty();
        assertThat(beansOf(ingest, "org.springframework.cloud.function.context.FunctionCatalog")).isEmpty();
        assertThat(ingest.containsBean("integrationGlobalProperties")).isFalse();

        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/v1/events/00000000-0000-0000-0000-000000000000")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("an unauthenticated request is refused, not unrouted").isEqualTo(401);
    }

    @Test
    void processorsUseJdbcFromTheirOwnConfigurationWithoutWebR2dbcOrFlyway() {
        for (ConfigurableApplicationContext processor : new ConfigurableApplicationContext[] {
                stack.generationContext(), stack.summaryContext()}) {
            assertThat(processor).isNotInstanceOf(WebServerApplicationContext.class);
            assertThat(processor.getBeanNamesForType(DataSource.class)).isNotEmpty();
            assertThat(beansOf(processor, "io.r2dbc.spi.ConnectionFactory")).isEmpty();
            assertThat(beansOf(processor, "org.flywaydb.core.Flyway")).isEmpty();
            // spring.datasource.url is set only by the processors' own application.yml.
            assertThat(processor.getEnvironment().getProperty("spring.datasource.url"))
                    .isEqualTo(SharedDevStack.database().jdbcUrl());
            assertThat(processor.getEnvironment().getProperty("spring.cloud.stream.kafka.binder.brokers"))
                    .isEqualTo(stack.kafkaBootstrapServers());
        }
        assertThat(stack.generationContext().getEnvironment().getProperty("spring.application.name")).isEqualTo("generation-processor");
        assertThat(stack.summaryContext().getEnvironment().getProperty("spring.application.name")).isEqualTo("summary-processor");
    }

    @Test
    void eachAppKeepsOnlyTheAutoConfigurationsOfItsOwnJars() {
        List<String> ingest = EmbeddedApp.INGEST_API.excludedAutoConfigurations();
        List<String> processor = EmbeddedApp.GENERATION_PROCESSOR.excludedAutoConfigurations();

        assertThat(ingest).as("the processors' stream binding and runtime")
                .contains("org.springframework.cloud.stream.config.BindingServiceConfiguration",
                        "dev.engram.processor.ProcessorAutoConfiguration")
                .doesNotContain("org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration");
        assertThat(processor).as("the ingest API's R2DBC and Flyway")
                .contains("org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
                        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
                .doesNotContain("org.springframework.cloud.stream.config.BindingServiceConfiguration");
    }

    @Test
    void theTerminalShowsOnlyEngramsOwnLinesAndNamesTheFullLog() throws Exception {
        List<String> lines = SharedDevStack.startupTerminal().lines().toList();
        Path log = Path.of(lines.get(0).replaceFirst("^Engram dev stack; full log: (\\S+).*$", "$1"));

        assertThat(lines.get(0)).startsWith("Engram dev stack; full log: ");
        assertThat(lines).as("framework log lines on the terminal").noneMatch(line ->
                line.matches(".*\\b(INFO|WARN|DEBUG)\\b.*") || line.contains("org.apache.kafka")
                        || line.contains("o.s.") || line.contains("org.springframework"));
        assertThat(lines).anyMatch(line -> line.startsWith("Engram API: http://"))
                .anyMatch(line -> line.matches("Memory viewer: http://\\S+/viewer \\(paste the API key\\)"));
        assertThat(Files.readString(log)).as("the full log")
                .contains("Started IngestApiApplication").contains("Started GenerationProcessorApplication")
                .contains("Started SummaryProcessorApplication");
    }

    @Test
    void issuesTheDevKeyForTheDevTeamAndProject() {
        assertThat(stack.teamId()).isEqualTo("dev");
        assertThat(stack.projectId()).isEqualTo("dev");
        assertThat(stack.apiKey()).matches("cm_[0-9a-f]{48}");
    }

    private static String[] beansOf(ConfigurableApplicationContext context, String className) {
        try {
            return context.getBeanNamesForType(Class.forName(className));
        } catch (ClassNotFoundException e) {
            return new String[0];
        }
    }
}
