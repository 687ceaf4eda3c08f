package dev.engram.ops.dev;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Which log lines reach the terminal of an {@code engram} command: errors from anywhere (a user must act
 * on them) and Engram's own warnings; Spring's start-up lines, Kafka's rebalance warnings and the like go
 * only to the log file ({@link DevLog}). {@code --verbose} lets everything through, as before.
 */
public final class ConsoleLines extends Filter<ILoggingEvent> {

    private static volatile boolean verbose;

    static void verbose(boolean everything) {
        verbose = everything;
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        return shown(event.getLoggerName(), event.getLevel()) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }

    static boolean shown(String logger, Level level) {
        if (verbose || level.isGreaterOrEqual(Level.ERROR)) {
            return true;
        }
        return logger.startsWith("dev.engram.") && level.isGreaterOrEqual(Level.WARN);
    }
}
