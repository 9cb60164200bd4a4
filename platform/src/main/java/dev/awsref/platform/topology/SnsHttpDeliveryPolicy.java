package dev.awsref.platform.topology;

import java.time.Duration;

/**
 * How SNS retries a delivery to a service's HTTP(S) endpoint that failed with a 5xx, a timeout or no
 * connection, and how fast it may deliver: the subscription's DeliveryPolicy
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html). Without one SNS
 * retries three times, 20 s apart, and a restart of the service that takes longer loses the
 * delivery. Only HTTP(S) subscriptions take a custom policy; SQS subscriptions keep SNS's own
 * (100,015 attempts over 23 days).
 *
 * <p>The retries run in four phases: {@code noDelayRetries} at once, {@code minDelayRetries}
 * {@code minDelay} apart, then the backoff phase from {@code minDelay} to {@code maxDelay}, then
 * {@code maxDelayRetries} {@code maxDelay} apart; {@code retries} counts all of them. AWS refuses a
 * policy whose retries take longer than 3,600 s in total (a hard limit, same page); the model
 * checks an upper bound of that time (every backoff retry counted at {@code maxDelay}) so a policy
 * it accepts is one AWS accepts.
 *
 * @param retries total retries after the first attempt
 * @param noDelayRetries retries made immediately
 * @param minDelayRetries retries {@code minDelay} apart, before the backoff
 * @param maxDelayRetries retries {@code maxDelay} apart, after the backoff
 * @param minDelay shortest delay, whole seconds, at least 1 s
 * @param maxDelay longest delay, whole seconds, at least {@code minDelay}
 * @param backoff how the delay grows from {@code minDelay} to {@code maxDelay}
 * @param maxReceivesPerSecond at most this many deliveries a second to the subscription
 */
public record SnsHttpDeliveryPolicy(
        int retries,
        int noDelayRetries,
        int minDelayRetries,
        int maxDelayRetries,
        Duration minDelay,
        Duration maxDelay,
        Backoff backoff,
        int maxReceivesPerSecond) {

    /** SNS's hard limit on the total retry time of an HTTP(S) delivery policy. */
    public static final Duration MAX_TOTAL_RETRY_TIME = Duration.ofSeconds(3600);

    /**
     * For the services' endpoints: one immediate retry for a dropped connection, two 10 s apart
     * for a blip, exponential backoff to 2 minutes, then 2-minute retries. That outlasts a rolling
     * deploy or a restart (minutes) for about half an hour in total, inside AWS's hour. Ten a
     * second keeps a burst of events from taking every request thread of an instance.
     */
    public static final SnsHttpDeliveryPolicy SERVICE_ENDPOINT = new SnsHttpDeliveryPolicy(
            20, 1, 2, 10, Duration.ofSeconds(10), Duration.ofSeconds(120), Backoff.EXPONENTIAL, 10);

    /** The backoff functions SNS offers. */
    public enum Backoff {
        ARITHMETIC,
        EXPONENTIAL,
        GEOMETRIC,
        LINEAR
    }

    public SnsHttpDeliveryPolicy {
        if (retries < 0 || noDelayRetries < 0 || minDelayRetries < 0 || maxDelayRetries < 0) {
            throw new IllegalArgumentException("delivery policy: retry counts cannot be negative");
        }
        if (noDelayRetries + minDelayRetries + maxDelayRetries > retries) {
            throw new IllegalArgumentException("delivery policy: " + retries
                    + " retries in total cannot hold the immediate, minimum-delay and maximum-delay ones");
        }
        if (minDelay.toMillis() % 1000 != 0 || maxDelay.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("delivery policy: delays are whole seconds");
        }
        if (minDelay.compareTo(Duration.ofSeconds(1)) < 0 || maxDelay.compareTo(minDelay) < 0) {
            throw new IllegalArgumentException(
                    "delivery policy: the minimum delay is at least 1 s and at most the maximum delay");
        }
        if (maxReceivesPerSecond < 1) {
            throw new IllegalArgumentException("delivery policy: at least one delivery a second");
        }
        // The fields are not assigned yet in a compact constructor: compute from the parameters.
        Duration worstCase = worstCase(minDelay, maxDelay, minDelayRetries, retries - noDelayRetries - minDelayRetries);
        if (worstCase.compareTo(MAX_TOTAL_RETRY_TIME) > 0) {
            throw new IllegalArgumentException("delivery policy: its retries may take " + worstCase
                    + ", over SNS's limit of " + MAX_TOTAL_RETRY_TIME + " for an HTTP(S) subscription");
        }
    }

    /**
     * The policy as the subscription's DeliveryPolicy attribute takes it (the same JSON for
     * SetSubscriptionAttributes and CloudFormation's AWS::SNS::Subscription).
     */
    public java.util.Map<String, Object> asAttribute() {
        var healthy = new java.util.LinkedHashMap<String, Object>();
        healthy.put("numRetries", retries);
        healthy.put("numNoDelayRetries", noDelayRetries);
        healthy.put("numMinDelayRetries", minDelayRetries);
        healthy.put("numMaxDelayRetries", maxDelayRetries);
        healthy.put("minDelayTarget", minDelay.toSeconds());
        healthy.put("maxDelayTarget", maxDelay.toSeconds());
        healthy.put("backoffFunction", backoff.name().toLowerCase(java.util.Locale.ROOT));
        return java.util.Map.of(
                "healthyRetryPolicy",
                healthy,
                "throttlePolicy",
                java.util.Map.of("maxReceivesPerSecond", maxReceivesPerSecond));
    }

    /** The backoff retries: those not made at once, at the minimum or at the maximum delay. */
    public int backoffRetries() {
        return retries - noDelayRetries - minDelayRetries - maxDelayRetries;
    }

    /** An upper bound of the time all retries take: every backoff retry counted at the maximum delay. */
    public Duration worstCaseRetryTime() {
        return worstCase(minDelay, maxDelay, minDelayRetries, backoffRetries() + maxDelayRetries);
    }

    private static Duration worstCase(Duration minDelay, Duration maxDelay, int atMinDelay, int atMostMaxDelay) {
        return minDelay.multipliedBy(atMinDelay).plus(maxDelay.multipliedBy(atMostMaxDelay));
    }
}
