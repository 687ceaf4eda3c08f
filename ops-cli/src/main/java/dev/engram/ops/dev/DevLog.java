package dev.engram.ops.dev;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The dev stack's full log: every line of the broker and the three apps, appended to one file under the
 * state directory, while the terminal shows only what {@link ConsoleLines} lets through. The apps run with
 * Spring Boot's logging system switched off, so no context re-configures the JVM's one Logback.
 */
public final class DevLog {

    public static final String FILE = "logs/engram-dev.log";
    static final String BROKER_FILE = "logs/engram-broker.log";
    private static final String APPENDER = "ENGRAM_DEV_FILE";
    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5level [%15.15thread] %-40.40logger{39} : %msg%n%ex";

    private DevLog() {
    }

    /** Sends every log line to {@code stateDir/logs/engram-dev.log} from now on; returns the file. */
    static synchronized Path toFile(Path stateDir, boolean verbose) {
        return toFile(stateDir, FILE, verbose);
    }

    /** {@code engram broker}'s own: every log line to {@code stateDir/logs/engram-broker.log}; returns the file. */
    public static Path brokerToFile(Path stateDir, boolean verbose) {
        return toFile(stateDir, BROKER_FILE, verbose);
    }

    private static synchronized Path toFile(Path stateDir, String name, boolean verbose) {
        ConsoleLines.verbose(verbose);
        // Boot would otherwise reset Logback each time one of the three contexts starts.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        // java.util.logging users (OpenTelemetry's SDK, for one) go through SLF4J too, as Boot would route them.
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        Path file = stateDir.resolve(name).toAbsolutePath();
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return file;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(APPENDER) instanceof FileAppender<ILoggingEvent> existing
                && file.toString().equals(existing.getFile())) {
            return file;
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file.getParent(), e);
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        root.detachAppender(APPENDER);
        root.addAppender(appender);
        return file;
    }
}
