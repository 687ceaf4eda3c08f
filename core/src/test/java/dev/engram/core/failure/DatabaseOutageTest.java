package dev.engram.core.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;

/** What counts as the database being away, as JDBC, Hikari and Spring report it while Postgres stops and starts. */
class DatabaseOutageTest {

    @Test
    void aRollbackThatFailedOnAClosedConnectionIsAnOutage() {
        // seen in the fault suite: Postgres stopped mid-batch; the processor's rollback could not be sent
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed", "08003"));
        rollback.initApplicationException(new IllegalStateException("the batch's own failure"));
        assertThat(DatabaseOutage.causedBy(rollback)).isTrue();
    }

    @Test
    void noConnectionOrAServerShuttingDownIsAnOutage() {
        assertThat(DatabaseOutage.causedBy(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLException("Connection to 127.0.0.1:5432 refused", "08001", new ConnectException())))).isTrue();
        assertThat(DatabaseOutage.causedBy(new RuntimeException(
                new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
    }

    @Test
    void aSqlStateDecidesHoweverSpringClassedTheFailure() {
        // a trigger's own error (P0001) that a translator called a resource failure is the statement's, not an outage
        assertThat(DatabaseOutage.causedBy(new org.springframework.dao.DataAccessResourceFailureException("refused",
                new SQLException("refused by a trigger", "P0001")))).isFalse();
        assertThat(DatabaseOutage.causedBy(new RuntimeException(new SQLException("too many clients", "53300"))))
                .isTrue();
    }

    @Test
    void aStatementTheDatabaseRefusedIsNotAnOutage() {
        assertThat(DatabaseOutage.causedBy(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
        assertThat(DatabaseOutage.causedBy(new IllegalArgumentException("a bug"))).isFalse();
    }
}
