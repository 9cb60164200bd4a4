package dev.awsref.infra;

import java.util.Optional;

/**
 * The cross-region disaster-recovery options, all off by default because each costs money (a second
 * copy of backups or objects, a health check). A second region is not deployed by this app: its
 * bucket and KMS keys are created there and given here by ARN, so one synth never needs two regions.
 *
 * @param dbBackupReplicationRegion where RDS copies automated backups (snapshots and transaction logs)
 *     as they are made, for a point-in-time restore in that region
 * @param dbBackupReplicationKmsKeyArn a KMS key in that region: the database is encrypted, and RDS
 *     re-encrypts the replicated backups with a key of the destination region
 * @param archiveReplicaBucketArn a versioned bucket in another region the stream archive replicates to
 * @param archiveReplicaKmsKeyArn the KMS key in that region the replicas are encrypted with
 * @param failover Route 53 failover records for one public service, if given
 */
public record DisasterRecoveryOptions(
        Optional<String> dbBackupReplicationRegion,
        Optional<String> dbBackupReplicationKmsKeyArn,
        Optional<String> archiveReplicaBucketArn,
        Optional<String> archiveReplicaKmsKeyArn,
        Optional<Failover> failover) {

    public static final DisasterRecoveryOptions NONE = new DisasterRecoveryOptions(
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * Active-passive DNS for {@code serviceId}: {@code domainName} in the hosted zone answers with
     * the service's load balancer while a Route 53 health check of its {@code /readyz} passes, and
     * with {@code secondaryTarget} (the same service deployed in the standby region) when it fails.
     */
    public record Failover(String hostedZoneId, String domainName, String serviceId, String secondaryTarget) {

        public Failover {
            if (!hostedZoneId.matches("Z[A-Z0-9]{1,31}")) {
                throw new IllegalArgumentException(
                        "failoverHostedZoneId must be a Route 53 hosted zone id (Z...), was " + hostedZoneId);
            }
            requireHostName("failoverDomain", domainName);
            requireHostName("failoverSecondaryTarget", secondaryTarget);
        }
    }

    public DisasterRecoveryOptions {
        if (dbBackupReplicationRegion.isPresent() != dbBackupReplicationKmsKeyArn.isPresent()) {
            throw new IllegalArgumentException("dbBackupReplicationRegion and dbBackupReplicationKmsKeyArn go together:"
                    + " the database is encrypted, so its replicated backups need a KMS key of the destination region");
        }
        if (archiveReplicaBucketArn.isPresent() != archiveReplicaKmsKeyArn.isPresent()) {
            throw new IllegalArgumentException("archiveReplicaBucketArn and archiveReplicaKmsKeyArn go together: the"
                    + " archive is KMS-encrypted, so its replicas need a KMS key of the replica's region");
        }
        dbBackupReplicationRegion.ifPresent(region -> {
            if (!region.matches("[a-z]{2}(-[a-z]+)+-[0-9]")) {
                throw new IllegalArgumentException(
                        "dbBackupReplicationRegion must be a region such as us-west-2, was " + region);
            }
        });
        dbBackupReplicationKmsKeyArn.ifPresent(arn -> requireKmsKeyIn(arn, dbBackupReplicationRegion.orElseThrow()));
        archiveReplicaBucketArn.ifPresent(arn -> {
            if (!arn.matches("arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new IllegalArgumentException(
                        "archiveReplicaBucketArn must be a bucket ARN (arn:aws:s3:::name), was " + arn);
            }
        });
        archiveReplicaKmsKeyArn.ifPresent(arn -> requireKmsKeyIn(arn, null));
    }

    private static void requireKmsKeyIn(String arn, String region) {
        if (!arn.matches("arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException(
                    "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>) is needed, was " + arn);
        }
        if (region != null && !arn.split(":")[3].equals(region)) {
            throw new IllegalArgumentException("dbBackupReplicationKmsKeyArn must be a key in " + region
                    + ", the backups' destination, was " + arn);
        }
    }

    private static void requireHostName(String option, String name) {
        if (!name.matches("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}")) {
            throw new IllegalArgumentException(option + " must be a lower-case DNS name, was " + name);
        }
    }
}
