package dev.engram.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.provider.ObservationProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** What the runtime wires from {@code engram.generation.provider}; no statement is run, so no database is needed. */
class ProcessorAutoConfigurationTest {

    private final DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ProcessorAutoConfiguration.class))
            .withBean(JdbcClient.class, () -> JdbcClient.create(dataSource))
            .withBean(TransactionTemplate.class, () -> new TransactionTemplate(new DataSourceTransactionManager(dataSource)))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("engram.embedding.enabled=false", "engram.processor.max-in-flight=1");

    @Test
    void theOfflineProviderIsLocalSoEachJobIsOneTransactionWithNoUsageCounted() {
        runner.withBean(OfflineProvider.class, () -> prompt -> "<skip reason=\"" + prompt + "\"/>").run(context -> {
            ObservationProvider provider = context.getBean(ObservationProvider.class);

            assertThat(provider.name()).isEqualTo("rules");
            assertThat(provider.local()).isTrue();
            assertThat(provider.generate("test")).isEqualTo("<skip reason=\"test\"/>");
        });
    }
}
