package dev.awsref.platform.topology;

import java.util.List;
import java.util.Optional;

/**
 * A DynamoDB table, on-demand (pay per request). Only key attributes are declared, as DynamoDB
 * requires; everything else in an item is schemaless.
 *
 * @param name logical name
 * @param partitionKey the hash key
 * @param sortKey the range key, if any
 * @param globalIndexes GSIs: another partition key, queried across all partitions
 * @param localIndexes LSIs: same partition key, another sort key; only definable at creation
 * @param owner the service that reads and writes it
 */
public record TableSpec(
        String name,
        Key partitionKey,
        Optional<Key> sortKey,
        List<GlobalIndex> globalIndexes,
        List<LocalIndex> localIndexes,
        ServiceName owner) {

    public TableSpec {
        globalIndexes = List.copyOf(globalIndexes);
        localIndexes = List.copyOf(localIndexes);
    }

    public enum KeyType {
        S,
        N
    }

    public enum Projection {
        ALL,
        KEYS_ONLY
    }

    public record Key(String attribute, KeyType type) {
        public static Key string(String attribute) {
            return new Key(attribute, KeyType.S);
        }

        public static Key number(String attribute) {
            return new Key(attribute, KeyType.N);
        }
    }

    public record GlobalIndex(String name, Key partitionKey, Optional<Key> sortKey, Projection projection) {}

    public record LocalIndex(String name, Key sortKey, Projection projection) {}

    /** Every key attribute the table and its indexes use, once each, as CreateTable wants them. */
    public List<Key> keyAttributes() {
        var keys = new java.util.LinkedHashMap<String, Key>();
        keys.put(partitionKey.attribute(), partitionKey);
        sortKey.ifPresent(k -> keys.putIfAbsent(k.attribute(), k));
        for (var gsi : globalIndexes) {
            keys.putIfAbsent(gsi.partitionKey().attribute(), gsi.partitionKey());
            gsi.sortKey().ifPresent(k -> keys.putIfAbsent(k.attribute(), k));
        }
        for (var lsi : localIndexes) {
            keys.putIfAbsent(lsi.sortKey().attribute(), lsi.sortKey());
        }
        return List.copyOf(keys.values());
    }

    /** The index KCL queries for the leases one worker owns. */
    public static final String KCL_LEASE_OWNER_INDEX = "LeaseOwnerToLeaseKeyIndex";

    /**
     * The tables KCL 3 (3.5.1) looks up at start-up, named after its lease table, before it falls
     * back to keeping coordinator state and worker metrics as items in the lease table itself. It
     * only describes them; nothing creates them.
     */
    public static final List<String> KCL_LEGACY_TABLE_SUFFIXES = List.of("-CoordinatorState", "-WorkerMetricStats");

    /** Whether this is a KCL application's lease table (as {@link #kclLeaseTable} declares one). */
    public boolean isKclLeaseTable() {
        return partitionKey.attribute().equals("leaseKey")
                && globalIndexes.stream().anyMatch(i -> i.name().equals(KCL_LEASE_OWNER_INDEX));
    }

    /**
     * The lease table of a KCL 3 application. KCL would create it itself on AWS, but not on every
     * emulator, and creating it up front also skips KCL's slow empty-table start-up path.
     */
    public static TableSpec kclLeaseTable(String applicationName, ServiceName owner) {
        return new TableSpec(
                applicationName,
                Key.string("leaseKey"),
                Optional.empty(),
                List.of(new GlobalIndex(
                        KCL_LEASE_OWNER_INDEX,
                        Key.string("leaseOwner"),
                        Optional.of(Key.string("leaseKey")),
                        Projection.KEYS_ONLY)),
                List.of(),
                owner);
    }
}
