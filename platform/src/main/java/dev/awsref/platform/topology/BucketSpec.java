package dev.awsref.platform.topology;

/**
 * An S3 bucket whose ObjectCreated events go to a queue (S3 event notification to SQS). The queue's
 * policy lets only this bucket send to it.
 *
 * @param name logical name; the CDK app makes it globally unique with the account and region
 * @param objectCreatedQueue logical name of the queue that receives {@code s3:ObjectCreated:*}
 */
public record BucketSpec(String name, String objectCreatedQueue) {}
