package dev.engram.ingest.api;

import dev.engram.core.failure.DatabaseOutage;
import io.r2dbc.pool.ConnectionPoolException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;

/**
 * Tells a database that cannot be reached (stopped, restarting, refusing connections, a connection cut mid-statement)
 * from a failure of the request itself: the first is a 503 that the client may send again, never a 500.
 */
public final class DatabaseFailures {

    /** Seconds a client is told to wait before sending the same request again. */
    public static final long RETRY_AFTER_SECONDS = 1;

    private DatabaseFailures() {
    }

    /**
     * Whether {@code error}, or anything it was caused by, says the database is unavailable: {@link DatabaseOutage}'s
     * rule, with R2DBC's SQLSTATEs, and its client-side failures where there is none: a connection closed or never
     * made, and the pool's own failures (no connection within {@code max-acquire-time} is an
     * {@link R2dbcTimeoutException}; a statement cancelled by the server carries SQLSTATE 57014 and is not an outage).
     */
    public static boolean unavailable(Throwable error) {
        return DatabaseOutage.causedBy(error, t -> t instanceof R2dbcException r ? r.getSqlState() : null,
                t -> t instanceof R2dbcNonTransientResourceException || t instanceof R2dbcTransientResourceException
                        || t instanceof R2dbcTimeoutException || t instanceof ConnectionPoolException);
    }

    /** The innermost message, for a one-line log: no stack trace for an outage. */
    public static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
