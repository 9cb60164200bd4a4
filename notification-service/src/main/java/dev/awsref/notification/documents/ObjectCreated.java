package dev.awsref.notification.documents;

/**
 * One S3 ObjectCreated record: which object, how big, and S3's sequencer, which orders events for
 * the same key and, with bucket and key, identifies this upload (the idempotency key).
 */
record ObjectCreated(String eventName, String bucket, String key, long size, String sequencer) {

    String idempotencyKey() {
        return "s3://" + bucket + "/" + key + "#" + sequencer;
    }
}
