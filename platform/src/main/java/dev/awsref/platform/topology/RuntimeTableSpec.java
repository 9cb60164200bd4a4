package dev.awsref.platform.topology;

/**
 * DynamoDB tables a service creates and deletes at run time, all named {@code <namePrefix><id>}
 * (after the environment prefix). They are declared here, although nothing provisions them, so
 * that what knows the model knows them too: the CDK app grants the owner create and delete on that
 * name pattern and nothing wider, and the provisioner reports any left behind.
 *
 * @param namePrefix the logical name every such table starts with, e.g. {@code analytics-replay-}
 * @param owner the service that creates, uses and deletes them
 * @param purpose one line: why they exist and when they are deleted
 * @param kclLeaseTables whether each is the lease table of a KCL application of the same name, which
 *     then also publishes CloudWatch metrics under that name and looks up KCL's legacy tables
 */
public record RuntimeTableSpec(String namePrefix, ServiceName owner, String purpose, boolean kclLeaseTables) {

    /** Run-time tables that are not KCL lease tables. */
    public RuntimeTableSpec(String namePrefix, ServiceName owner, String purpose) {
        this(namePrefix, owner, purpose, false);
    }

    /** The lease tables of KCL applications the owner starts and stops at run time. */
    public static RuntimeTableSpec kclLeaseTables(String namePrefix, ServiceName owner, String purpose) {
        return new RuntimeTableSpec(namePrefix, owner, purpose, true);
    }

    public RuntimeTableSpec {
        if (!namePrefix.matches("[a-z0-9][a-z0-9-]{1,80}-")) {
            throw new IllegalArgumentException("runtime table prefix '" + namePrefix
                    + "' must be lower-case letters, digits and '-', ending in '-'");
        }
    }

    /** Whether a logical table name belongs to this pattern. */
    public boolean matches(String logicalName) {
        return logicalName.startsWith(namePrefix) && logicalName.length() > namePrefix.length();
    }

    /** The logical name of one such table. */
    public String tableName(String id) {
        String name = namePrefix + id;
        if (!matches(name) || !name.matches("[A-Za-z0-9_.-]{3,128}")) {
            throw new IllegalArgumentException("'" + id + "' does not make a valid table name after " + namePrefix);
        }
        return name;
    }
}
