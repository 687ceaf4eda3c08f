package dev.engram.ingest.background;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Publishes the ids of jobs that just reached a terminal state, from Postgres notifications (a
 * trigger on {@code generation_jobs}) received on one dedicated session, so waiting requests are woken
 * by the database instead of polling it.
 */
@Component
public class JobCompletions extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(JobCompletions.class);
    private static final int RECEIVE_TIMEOUT_MILLIS = 1000;

    private final DedicatedSessions sessions;
    private final Sinks.Many<String> finished = Sinks.many().multicast().directBestEffort();

    JobCompletions(DedicatedSessions sessions) {
        super("engram-job-completions", Duration.ofMillis(RECEIVE_TIMEOUT_MILLIS * 3L));
        this.sessions = sessions;
    }

    /** Ids of jobs as they finish; a subscriber sees only what finishes after it subscribed. */
    public Flux<String> finished() {
        return finished.asFlux();
    }

    @Override
    protected void loop() {
        while (isRunning()) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN engram_job_finished");
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (isRunning()) {
                    PGNotification[] received = notifications.getNotifications(RECEIVE_TIMEOUT_MILLIS);
                    if (received != null) {
                        for (PGNotification notification : received) {
                            finished.tryEmitNext(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (isRunning()) {
                    // Waiters also re-check on a slow timer, so a gap here delays answers but loses none.
                    log.warn("job completion listener lost its session; reconnecting", e);
                    pause(Duration.ofMillis(RECEIVE_TIMEOUT_MILLIS));
                }
            }
        }
    }

    private Connection connect() throws SQLException {
        return sessions.open("engram-job-completions");
    }
}
