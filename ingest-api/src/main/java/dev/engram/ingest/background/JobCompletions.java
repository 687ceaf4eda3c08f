package dev.engram.ingest.background;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Publishes the ids of jobs that just reached a terminal state, from Postgres notifications (a
 * trigger on {@code generation_jobs}) received on one dedicated session, so waiting requests are woken
 * by the database instead of polling it.
 */
@Component
public class JobCompletions implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobCompletions.class);
    private static final int RECEIVE_TIMEOUT_MILLIS = 1000;

    private final DedicatedSessions sessions;
    private final Sinks.Many<String> finished = Sinks.many().multicast().directBestEffort();

    private volatile boolean running;
    private volatile Thread thread;

    JobCompletions(DedicatedSessions sessions) {
        this.sessions = sessions;
    }

    /** Ids of jobs as they finish; a subscriber sees only what finishes after it subscribed. */
    public Flux<String> finished() {
        return finished.asFlux();
    }

    @Override
    public void start() {
        running = true;
        Thread listener = new Thread(this::run, "engram-job-completions");
        listener.setDaemon(true);
        thread = listener;
        listener.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread listener = thread;
        if (listener != null) {
            listener.interrupt();
            try {
                listener.join(RECEIVE_TIMEOUT_MILLIS * 3L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN engram_job_finished");
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = notifications.getNotifications(RECEIVE_TIMEOUT_MILLIS);
                    if (received != null) {
                        for (PGNotification notification : received) {
                            finished.tryEmitNext(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    // Waiters also re-check on a slow timer, so a gap here delays answers but loses none.
                    log.warn("job completion listener lost its session; reconnecting", e);
                    pause();
                }
            }
        }
    }

    private Connection connect() throws SQLException {
        return sessions.open("engram-job-completions");
    }

    private void pause() {
        try {
            Thread.sleep(RECEIVE_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
