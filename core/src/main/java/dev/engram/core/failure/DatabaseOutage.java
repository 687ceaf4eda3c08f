package dev.engram.core.failure;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Whether a failure means the database could not be reached (stopped, restarting, refusing connections, out of
 * connections, a connection cut mid-statement or before a commit or rollback could be sent) rather than that it
 * refused what was asked. The first is worth trying again as it was; the second is not.
 *
 * <p>The whole chain is read (causes, and the failure a failed rollback hid). A SQLSTATE, where the driver gave one,
 * decides: class 08 (connection exception), 53 (insufficient resources) and 57P (the server shutting down or not
 * accepting yet) are an outage, anything else (a constraint, a trigger's own error) is not, however Spring's
 * translation classed it. Only without one do the exception types decide.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {
    }

    /** For JDBC: the SQLSTATEs of {@link SQLException}s. */
    public static boolean causedBy(Throwable error) {
        return causedBy(error, t -> null, t -> false);
    }

    /**
     * @param sqlStateOf the SQLSTATE another driver's exception carries (R2DBC's), or null
     * @param outage another driver's exceptions that mean an outage when they carry no SQLSTATE
     */
    public static boolean causedBy(Throwable error, Function<Throwable, @Nullable String> sqlStateOf,
            Predicate<Throwable> outage) {
        List<Throwable> chain = chain(error);
        for (Throwable t : chain) {
            String state = t instanceof SQLException sql ? sql.getSQLState() : sqlStateOf.apply(t);
            if (state != null) {
                return outageState(state);
            }
        }
        return chain.stream().anyMatch(t -> outageType(t) || outage.test(t));
    }

    /** SQLSTATE class 08, 53 or 57P. */
    public static boolean outageState(String state) {
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P");
    }

    private static boolean outageType(Throwable t) {
        return t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessResourceException
                || t instanceof RecoverableDataAccessException || t instanceof CannotCreateTransactionException
                || t instanceof TransactionSystemException || t instanceof SQLTransientConnectionException
                || t instanceof ConnectException || t instanceof ClosedChannelException;
    }

    /** {@code error}, its causes, and what a failed rollback hid, each once, causes first. */
    private static List<Throwable> chain(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Deque<Throwable> next = new ArrayDeque<>(List.of(error));
        while (!next.isEmpty()) {
            Throwable t = next.removeFirst();
            if (seen.put(t, Boolean.TRUE) != null) {
                continue;
            }
            chain.add(t);
            if (t.getCause() != null) {
                next.addFirst(t.getCause());
            }
            if (t instanceof TransactionSystemException tx && tx.getApplicationException() != null) {
                next.addLast(tx.getApplicationException());
            }
        }
        return chain;
    }
}
