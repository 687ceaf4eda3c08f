package dev.engram.ops.dev;

import java.util.List;

/**
 * Auto-configurations that reach an app only because {@code engram dev} puts every app's jars on one
 * classpath. Excluding them keeps each context what it is as its own process. Class names are Spring
 * Boot 4's (one module per technology) and Spring Cloud 2025.1's.
 */
final class ForeignAutoConfigurations {

    /**
     * Spring Cloud Stream, Function and Integration come with the processors' jars: the ingest API
     * publishes with a plain KafkaTemplate and must not bind channels, build a function catalog or
     * start Spring Integration's scheduler.
     */
    static final List<String> FOR_INGEST_API = List.of(
            "org.springframework.cloud.stream.config.BindingServiceConfiguration",
            "org.springframework.cloud.stream.function.FunctionConfiguration",
            "org.springframework.cloud.stream.config.BindersHealthIndicatorAutoConfiguration",
            "org.springframework.cloud.stream.config.ChannelsEndpointAutoConfiguration",
            "org.springframework.cloud.stream.config.BindingsEndpointAutoConfiguration",
            "org.springframework.cloud.stream.binder.kafka.config.ExtendedBindingHandlerMappingsProviderConfiguration",
            "org.springframework.cloud.stream.binder.kafka.config.MessageConverterHelperConfiguration",
            "org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration",
            "org.springframework.cloud.function.cloudevent.CloudEventsFunctionExtensionConfiguration",
            "org.springframework.cloud.function.context.config.KotlinLambdaToFunctionAutoConfiguration",
            "org.springframework.cloud.function.context.config.FunctionsEndpointAutoConfiguration",
            "org.springframework.cloud.function.observability.ObservationAutoConfiguration",
            "org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration",
            "org.springframework.boot.integration.autoconfigure.IntegrationGraphEndpointAutoConfiguration",
            "org.springframework.boot.integration.autoconfigure.metrics.IntegrationMetricsAutoConfiguration");

    /**
     * The processors are JDBC apps. R2DBC arrives with the ingest API's jars and would win over JDBC
     * (its auto-configuration runs first and then suppresses the DataSource); Flyway arrives from there
     * too and must run only in the ingest API, which owns the schema. WebFlux needs no exclusion: the
     * processors run with {@code web-application-type=none}.
     */
    static final List<String> FOR_PROCESSORS = List.of(
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcInitializationAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcProxyAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.health.ConnectionFactoryHealthContributorAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.metrics.ConnectionPoolMetricsAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.observation.R2dbcObservationAutoConfiguration",
            "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration",
            "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcRepositoriesAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayEndpointAutoConfiguration");

    private ForeignAutoConfigurations() {
    }
}
