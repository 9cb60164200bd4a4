package dev.awsref.infra.deploy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Simulated time shared by a test double of a control plane and the code under test: waiting
 * advances it at once, so a deploy that would take an hour on AWS runs in milliseconds, and what
 * changes over time (an environment turning Ready, health turning Green) happens in the same order
 * as it would.
 */
final class SimulatedClock extends Clock {

    private Instant now;

    SimulatedClock(Instant start) {
        this.now = start;
    }

    /** The deploy command's "sleep": no real waiting, time moves on. */
    synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("simulated time is UTC");
    }
}
