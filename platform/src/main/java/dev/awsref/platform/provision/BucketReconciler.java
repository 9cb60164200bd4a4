package dev.awsref.platform.provision;

import static dev.awsref.platform.provision.ProvisionReport.Action.CREATED;
import static dev.awsref.platform.provision.ProvisionReport.Action.SKIPPED;
import static dev.awsref.platform.provision.ProvisionReport.Action.UNCHANGED;

import dev.awsref.platform.topology.BucketSpec;
import dev.awsref.platform.topology.Topology;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3 buckets and their ObjectCreated notification to a queue (whose policy, set before this, lets
 * the bucket send). The notification is put on every run: it replaces the bucket's whole
 * notification configuration, so putting it again is how drift is undone.
 */
final class BucketReconciler implements ResourceReconciler {

    @Override
    public void reconcile(Topology topology, ProvisionRun run) {
        topology.buckets().forEach(bucket -> bucket(bucket, run));
    }

    private static void bucket(BucketSpec bucket, ProvisionRun run) {
        var s3 = run.aws().s3();
        String name = run.physical(bucket.name());
        boolean existed = true;
        try {
            s3.headBucket(b -> b.bucket(name));
        } catch (NoSuchBucketException e) {
            existed = false;
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            existed = false;
        }
        if (!existed) {
            s3.createBucket(b -> b.bucket(name));
        }
        run.record(existed ? UNCHANGED : CREATED, "s3 bucket", name, "ObjectCreated -> " + bucket.objectCreatedQueue());
        String queueArn = run.queueArn(bucket.objectCreatedQueue());
        try {
            s3.putBucketNotificationConfiguration(b -> b.bucket(name)
                    .notificationConfiguration(n -> n.queueConfigurations(
                            q -> q.id("object-created").queueArn(queueArn).events(Event.S3_OBJECT_CREATED))));
        } catch (S3Exception e) {
            // fauxqs keeps objects but not notification settings; LocalStack and AWS keep both.
            run.record(
                    SKIPPED,
                    "s3 notification",
                    name,
                    "endpoint refused PutBucketNotificationConfiguration (" + e.statusCode()
                            + "); the test puts S3-event-shaped messages on the queue instead");
        }
    }
}
