package dev.engram.ops.dev;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What reaches the terminal of `engram dev` and `engram demo`. */
class ConsoleLinesTest {

    @AfterEach
    void quietAgain() {
        ConsoleLines.verbose(false);
    }

    @Test
    void keepsFrameworkChatterOffTheTerminal() {
        assertThat(ConsoleLines.shown("org.apache.kafka.clients.consumer.internals.ConsumerCoordinator", Level.WARN))
                .isFalse();
        assertThat(ConsoleLines.shown("org.springframework.boot.SpringApplication", Level.INFO)).isFalse();
        assertThat(ConsoleLines.shown("dev.engram.ingest.relay.OutboxRelay", Level.INFO)).isFalse();
    }

    @Test
    void showsErrorsFromAnywhereAndEngramsWarnings() {
        assertThat(ConsoleLines.shown("org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter",
                Level.ERROR)).isTrue();
        assertThat(ConsoleLines.shown("dev.engram.ingest.relay.OutboxRelay", Level.WARN)).isTrue();
    }

    @Test
    void verboseShowsEverything() {
        ConsoleLines.verbose(true);

        assertThat(ConsoleLines.shown("org.apache.kafka.clients.NetworkClient", Level.INFO)).isTrue();
    }
}
