package dev.awsref.platform.provision;

import dev.awsref.platform.topology.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A {@link TableSpec} in the DynamoDB API's terms: attribute definitions, key schemas and indexes.
 * The provisioner creates the model's tables with it, and analytics-service a replay's lease table.
 */
public final class TableSchema {

    private TableSchema() {}

    /** The CreateTable request for {@code table}, on demand, with its indexes, named {@code physicalName}. */
    public static CreateTableRequest createTable(TableSpec table, String physicalName) {
        var request = CreateTableRequest.builder()
                .tableName(physicalName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attributeDefinitions(table))
                .keySchema(keySchema(table.partitionKey(), table.sortKey()));
        if (!table.globalIndexes().isEmpty()) {
            request.globalSecondaryIndexes(
                    table.globalIndexes().stream().map(TableSchema::globalIndex).toList());
        }
        if (!table.localIndexes().isEmpty()) {
            request.localSecondaryIndexes(table.localIndexes().stream()
                    .map(lsi -> localIndex(table, lsi))
                    .toList());
        }
        return request.build();
    }

    /** Only key attributes are declared; DynamoDB rejects definitions no key or index uses. */
    static List<AttributeDefinition> attributeDefinitions(TableSpec table) {
        return table.keyAttributes().stream()
                .map(k -> AttributeDefinition.builder()
                        .attributeName(k.attribute())
                        .attributeType(ScalarAttributeType.fromValue(k.type().name()))
                        .build())
                .toList();
    }

    static List<KeySchemaElement> keySchema(TableSpec.Key hash, Optional<TableSpec.Key> range) {
        var schema = new ArrayList<KeySchemaElement>();
        schema.add(KeySchemaElement.builder()
                .attributeName(hash.attribute())
                .keyType(KeyType.HASH)
                .build());
        range.ifPresent(r -> schema.add(KeySchemaElement.builder()
                .attributeName(r.attribute())
                .keyType(KeyType.RANGE)
                .build()));
        return schema;
    }

    static GlobalSecondaryIndex globalIndex(TableSpec.GlobalIndex gsi) {
        return GlobalSecondaryIndex.builder()
                .indexName(gsi.name())
                .keySchema(keySchema(gsi.partitionKey(), gsi.sortKey()))
                .projection(p -> p.projectionType(projection(gsi.projection())))
                .build();
    }

    /** The same index as {@link #globalIndex}, to add to an existing table. */
    static CreateGlobalSecondaryIndexAction addGlobalIndex(TableSpec.GlobalIndex gsi) {
        return CreateGlobalSecondaryIndexAction.builder()
                .indexName(gsi.name())
                .keySchema(keySchema(gsi.partitionKey(), gsi.sortKey()))
                .projection(p -> p.projectionType(projection(gsi.projection())))
                .build();
    }

    static LocalSecondaryIndex localIndex(TableSpec table, TableSpec.LocalIndex lsi) {
        return LocalSecondaryIndex.builder()
                .indexName(lsi.name())
                .keySchema(keySchema(table.partitionKey(), Optional.of(lsi.sortKey())))
                .projection(p -> p.projectionType(projection(lsi.projection())))
                .build();
    }

    private static ProjectionType projection(TableSpec.Projection projection) {
        return ProjectionType.fromValue(projection.name());
    }
}
