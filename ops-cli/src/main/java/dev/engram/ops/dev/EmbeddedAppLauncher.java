package dev.engram.ops.dev;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts one {@link EmbeddedApp} as its own Spring context inside this JVM, pointed at the dev stack's
 * database and broker, and isolated from the other apps sharing the classpath.
 */
final class EmbeddedAppLauncher {

    private final Map<String, String> databaseProperties;
    private final String kafkaBootstrapServers;

    EmbeddedAppLauncher(Map<String, String> databaseProperties, String kafkaBootstrapServers) {
        this.databaseProperties = Map.copyOf(databaseProperties);
        this.kafkaBootstrapServers = kafkaBootstrapServers;
    }

    /** Starts {@code app}; {@code extra} properties win over everything else. */
    ConfigurableApplicationContext launch(EmbeddedApp app, Map<String, String> extra) {
        Map<String, String> properties = properties(app);
        properties.putAll(extra);
        try {
            return start(app, properties);
        } catch (RuntimeException e) {
            // Boot has already logged the full failure analysis; the caller needs which app and why.
            throw new IllegalStateException(app.applicationName() + " failed to start: " + rootCause(e), e);
        }
    }

    private static ConfigurableApplicationContext start(EmbeddedApp app, Map<String, String> properties) {
        return new SpringApplicationBuilder(app.mainClass())
                // Otherwise Boot deduces the "main class" from the stack and logs "Starting EngramCommand".
                .main(app.mainClass())
                .web(app.web() ? WebApplicationType.REACTIVE : WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                // DevStack closes the contexts itself, in reverse start order; per-context JVM hooks would race it.
                .registerShutdownHook(false)
                // As command-line arguments, not .properties(...): default properties rank below each
                // app's own application.yml, which sets these same keys (server.port, engram.database.*).
                .run(asArguments(properties));
    }

    Map<String, String> properties(EmbeddedApp app) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.config.location", app.ownConfigLocation());
        p.put("spring.application.name", app.applicationName());
        p.put("spring.autoconfigure.exclude", String.join(",", app.excludedAutoConfigurations()));
        // Three contexts in one JVM would register MBeans under the same names.
        p.put("spring.jmx.enabled", "false");
        // Each context keeps its own meters instead of pooling them in Micrometer's static global registry.
        p.put("management.metrics.use-global-registry", "false");
        // Logging is the CLI's own (DevLog): Boot's logging system is off in every context, so none
        // re-configures the one Logback of the JVM. Boot would still put the first context's name in every
        // line (a system property set once), labelling the processors' lines "ingest-api"; the logger names
        // tell the apps apart.
        p.put("logging.include-application-name", "false");
        p.putAll(databaseProperties);
        p.put("engram.kafka.bootstrap-servers", kafkaBootstrapServers);
        if (app.web()) {
            p.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers);
        } else {
            p.put("spring.main.web-application-type", "none");
            p.put("spring.cloud.stream.kafka.binder.brokers", kafkaBootstrapServers);
        }
        return p;
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank()
                ? root.getClass().getSimpleName()
                : message.strip().lines().findFirst().orElse(message);
    }

    private static String[] asArguments(Map<String, String> properties) {
        List<String> arguments = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toList();
        return arguments.toArray(String[]::new);
    }
}
