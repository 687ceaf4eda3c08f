package dev.engram.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcTimeoutException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Which failures are a database outage (503, send again) and which are not (a 500 stays a 500): as R2DBC and
 * Spring report them when Postgres is stopped, shutting down or refusing connections. The fault suite
 * (ops-cli, FaultSuiteTest) restarts a real Postgres under load.
 */
class DatabaseFailuresTest {

    @Test
    void aConnectionThatCannotBeMadeIsAnOutage() {
        assertThat(DatabaseFailures.unavailable(new DataAccessResourceFailureException("Failed to obtain R2DBC Connection",
                new ConnectException("Connection refused: /127.0.0.1:5432")))).isTrue();
    }

    @Test
    void theServerShuttingDownOrNotYetAcceptingIsAnOutage() {
        // 57P01 admin_shutdown (a fast stop), 57P03 cannot_connect_now (still starting), 08006 connection failure
        for (String state : new String[] {"57P01", "57P03", "08006"}) {
            assertThat(DatabaseFailures.unavailable(new IllegalStateException("wrapped",
                    new R2dbcPermissionDeniedException("terminating", state)))).as(state).isTrue();
        }
        assertThat(DatabaseFailures.unavailable(new R2dbcNonTransientResourceException("connection closed")))
                .isTrue();
    }

    @Test
    void aStatementTheDatabaseRefusesIsNotAnOutageEvenAsAResourceFailure() {
        // r2dbc-postgresql reports a trigger's RAISE (P0001) as a non-transient resource failure, which Spring
        // translates to DataAccessResourceFailureException: the SQLSTATE says what it was (GroupCommitTest's case)
        assertThat(DatabaseFailures.unavailable(new DataAccessResourceFailureException("refused",
                new R2dbcNonTransientResourceException("refused by a trigger", "P0001")))).isFalse();
    }

    @Test
    void noPooledConnectionInTimeIsAnOutageButACancelledStatementIsNot() {
        // r2dbc-pool's max-acquire-time; a statement the server cancelled (57014) is the statement's own failure
        assertThat(DatabaseFailures.unavailable(new R2dbcTimeoutException(
                "Connection acquisition timed out after 5000ms"))).isTrue();
        assertThat(DatabaseFailures.unavailable(new R2dbcTimeoutException("canceling statement", "57014"))).isFalse();
    }

    @Test
    void aStatementTheDatabaseRefusesIsNotAnOutage() {
        assertThat(DatabaseFailures.unavailable(new DataIntegrityViolationException("duplicate key",
                new R2dbcDataIntegrityViolationException("duplicate key value", "23505")))).isFalse();
        assertThat(DatabaseFailures.unavailable(new IllegalStateException("a bug"))).isFalse();
    }

    @Test
    void theLogLineIsTheInnermostMessage() {
        assertThat(DatabaseFailures.rootMessage(new DataAccessResourceFailureException("outer",
                new ConnectException("Connection refused")))).isEqualTo("ConnectException: Connection refused");
    }
}
