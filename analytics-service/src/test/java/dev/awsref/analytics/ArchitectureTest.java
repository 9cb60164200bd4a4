package dev.awsref.analytics;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The write path (ingest: HTTP to Kinesis) and the read path (consume: KCL to aggregates) meet only
 * at the stream, so either can be scaled, replayed or replaced alone. (That this service does not
 * reach into another service, Maven's dependency graph already forbids: no rule here repeats it.)
 */
class ArchitectureTest {

    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.awsref.analytics");

    @Test
    void ingestKnowsNothingOfTheConsumerOrTheAggregates() {
        noClasses()
                .that()
                .resideInAPackage("dev.awsref.analytics.ingest..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.awsref.analytics.consume..", "dev.awsref.analytics.aggregate..")
                .check(SERVICE);
    }

    @Test
    void aggregatesKnowNothingOfHowEventsArrive() {
        noClasses()
                .that()
                .resideInAPackage("dev.awsref.analytics.aggregate..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.awsref.analytics.ingest..",
                        "dev.awsref.analytics.consume..",
                        "software.amazon.kinesis..",
                        "io.awspring.cloud.sqs..")
                .check(SERVICE);
    }

    /** The same SDK set for every client: built by service-defaults' AwsClientFactory, never ad hoc. */
    @Test
    void noClientIsBuiltOutsideTheClientConfiguration() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.awsref.analytics.aws..")
                .should()
                .callMethod(software.amazon.awssdk.services.kinesis.KinesisAsyncClient.class, "builder")
                .orShould()
                .callMethod(software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient.class, "builder")
                .check(SERVICE);
    }
}
