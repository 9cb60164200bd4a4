package dev.awsref.system.support;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test of the whole system from outside: before its first test the system runs as the run
 * command starts it ({@link RunningSystem}, once per JVM and shared by every class).
 */
public abstract class SystemTest {

    /** KCL takes its leases before the first record; on the emulators that takes tens of seconds. */
    protected static final Duration ANALYTICS_WAIT = Duration.ofSeconds(120);

    /** From an order's event to its email in the SMTP sink: SNS, SQS and the mail sender. */
    protected static final Duration EMAIL_WAIT = Duration.ofSeconds(60);

    protected static RunningSystem system;

    @BeforeAll
    static void theSystemRunsAsTheRunCommandStartsIt() {
        system = RunningSystem.get();
    }
}
