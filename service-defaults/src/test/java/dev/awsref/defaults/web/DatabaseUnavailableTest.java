package dev.awsref.defaults.web;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.MediaType;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A database the service cannot reach, as Spring reports it to a controller, answers 503 problem
 * details with a Retry-After: never a 500, never Spring Boot's default error JSON.
 */
class DatabaseUnavailableTest {

    /**
     * What Hikari throws when no connection comes within its connection timeout while the database
     * refuses connections: its last failure to connect is the cause.
     */
    private static final SQLTransientConnectionException NO_CONNECTION = new SQLTransientConnectionException(
            "orders - Connection is not available, request timed out after 5000ms (total=0, active=0, idle=0,"
                    + " waiting=1)",
            "08001",
            new SQLException("Connection to 127.0.0.1:5432 refused", "08001"));

    /** What Hikari throws when every connection stays busy for the timeout: no failure to connect, no cause. */
    private static final SQLTransientConnectionException POOL_BUSY = new SQLTransientConnectionException(
            "orders - Connection is not available, request timed out after 5000ms (total=10, active=10, idle=0,"
                    + " waiting=240)");

    @RestController
    static class Storing {
        @GetMapping("/transaction")
        String transaction() {
            // @Transactional could not begin: DataSourceTransactionManager found no connection.
            throw new CannotCreateTransactionException("Could not open JDBC Connection for transaction", NO_CONNECTION);
        }

        @GetMapping("/query")
        String query() {
            // A read outside a transaction: JdbcClient's DataSourceUtils found no connection.
            throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", NO_CONNECTION);
        }

        @GetMapping("/busy")
        String busy() {
            throw new CannotCreateTransactionException("Could not open JDBC Connection for transaction", POOL_BUSY);
        }

        @GetMapping("/dropped")
        String dropped() {
            throw new TransientDataAccessResourceException("An I/O error occurred while sending to the backend");
        }

        @GetMapping("/dropped-mid-transaction")
        String droppedMidTransaction() {
            // What TransactionInterceptor throws when the rollback after the I/O error fails too.
            var rollback = new TransactionSystemException(
                    "JDBC rollback failed", new SQLException("Connection is closed", "08003"));
            rollback.initApplicationException(
                    new DataAccessResourceFailureException("An I/O error occurred while sending to the backend"));
            throw rollback;
        }

        @GetMapping("/broken-transaction-machinery")
        String brokenTransactionMachinery() {
            throw new TransactionSystemException("Could not commit: the transaction manager is misconfigured");
        }
    }

    @RestControllerAdvice
    static class Problems extends ApiExceptionHandler {}

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Storing())
            .setControllerAdvice(new Problems())
            .build();

    @Test
    void aTransactionThatCannotGetAConnectionIsA503ProblemWithRetryAfter() throws Exception {
        expectUnavailable("/transaction");
    }

    @Test
    void aQueryThatCannotGetAConnectionIsA503ProblemWithRetryAfter() throws Exception {
        expectUnavailable("/query");
    }

    @Test
    void aConnectionDroppedDuringTheRequestIsA503ProblemWithRetryAfter() throws Exception {
        expectUnavailable("/dropped");
    }

    @Test
    void aConnectionDroppedMidTransactionWhoseRollbackFailsTooIsA503ProblemWithRetryAfter() throws Exception {
        expectUnavailable("/dropped-mid-transaction");
    }

    @Test
    void aPoolWhoseConnectionsAllStayBusyIsA503OverloadedThatSaysSoNotDatabaseUnavailable() throws Exception {
        mvc.perform(get("/busy"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.type").value(ProblemResponses.TYPE_BASE + "overloaded"))
                .andExpect(jsonPath("$.title").value("Service overloaded"))
                .andExpect(jsonPath("$.detail").value(containsString("connection stayed busy")));
    }

    @Test
    void aTransactionFailureWithTheDatabaseReachableStaysA500() {
        assertThatThrownBy(() -> mvc.perform(get("/broken-transaction-machinery")))
                .hasRootCauseInstanceOf(TransactionSystemException.class);
    }

    private void expectUnavailable(String path) throws Exception {
        mvc.perform(get(path))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.type").value(ProblemResponses.TYPE_BASE + "database-unavailable"))
                .andExpect(jsonPath("$.title").value("Database unavailable"))
                .andExpect(jsonPath("$.status").value(503))
                .andExpect(jsonPath("$.detail").isNotEmpty())
                .andExpect(jsonPath("$.error").doesNotExist())
                .andExpect(jsonPath("$.trace").doesNotExist());
    }
}
