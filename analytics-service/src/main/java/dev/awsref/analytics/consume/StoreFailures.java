package dev.awsref.analytics.consume;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Tells a failure of a store (Redis, DynamoDB, the dead-letter queue) from a failure of the record.
 * Transient: the store could not be reached or was busy (no connection, a timeout, throttling, a
 * 5xx, Redis loading or failing over); trying the same record later can succeed, so the processor
 * keeps trying without checkpointing past it. Everything else (a ValidationException, a Redis
 * script error, an exception of our own code on this record's values) fails again for the same
 * record, so it counts towards the record's attempts and ends in the dead-letter queue. Unknown
 * failures are treated as the record's: a wrong guess there puts a good record in the queue, from
 * which it can be replayed; the other wrong guess would stop the shard until the retention drops it.
 */
final class StoreFailures {

    /** Redis error replies that mean "not now": loading, busy script, failover, cluster moving, full. */
    private static final Set<String> TRANSIENT_REDIS_ERRORS =
            Set.of("LOADING", "BUSY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "READONLY", "NOREPLICAS", "OOM");

    private StoreFailures() {}

    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PoisonRecordException) {
                return false;
            }
            if (t instanceof SdkServiceException service) {
                return service.isThrottlingException() || service.statusCode() >= 500;
            }
            if (t instanceof SdkClientException
                    || t instanceof IOException
                    || t instanceof TimeoutException
                    || t instanceof TransientDataAccessException
                    || t instanceof QueryTimeoutException
                    || t instanceof DataAccessResourceFailureException) {
                return true;
            }
            if (t.getClass().getName().startsWith("io.lettuce.core.RedisCommandExecutionException")
                    && t.getMessage() != null
                    && TRANSIENT_REDIS_ERRORS.contains(firstWord(t.getMessage()))) {
                return true;
            }
            if (t.getClass().getName().startsWith("io.lettuce.core.RedisConnectionException")
                    || t.getClass().getName().startsWith("io.lettuce.core.RedisCommandTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    private static String firstWord(String message) {
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(0, space);
    }
}
