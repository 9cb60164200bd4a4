package dev.awsref.analytics.aws;

import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

/**
 * Adds to the configuration of the producer's Kinesis client only (not KCL's): the seam where a
 * test adds an SDK interceptor that injects throttling at the client, in front of the emulator.
 * The application itself declares none.
 */
@FunctionalInterface
public interface ProducerKinesisClientCustomizer {

    void customize(ClientOverrideConfiguration.Builder configuration);
}
