package dev.awsref.order;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.awsref.order");

    @Test
    void theOrderDomainModelIsPlainJava() {
        noClasses()
                .that()
                .haveSimpleName("Order")
                .or()
                .haveSimpleName("OrderLine")
                .or()
                .haveSimpleName("OrderStatus")
                .or()
                .haveSimpleName("Caller")
                .or()
                .haveSimpleName("IllegalTransitionException")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "jakarta.persistence..", "software.amazon..")
                .check(SERVICE);
    }

    @Test
    void theOutboxAndTheCacheKnowNothingOfOrdersOrTheWeb() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.awsref.order.outbox..", "dev.awsref.order.cache..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.awsref.order.ordering..", "dev.awsref.order.web..", "dev.awsref.order.security..")
                .check(SERVICE);
    }

    /**
     * The instance role grants sns:Publish on the service's topics and nothing to list them: the
     * ARN comes from the topology bean. (That order-service does not reach into another service,
     * Maven's dependency graph already forbids: no rule here repeats it.)
     */
    @Test
    void topicArnsComeFromTheModelNotFromListingTopics() {
        noClasses()
                .should()
                .callMethod(software.amazon.awssdk.services.sns.SnsClient.class, "listTopics")
                .orShould()
                .callMethod(software.amazon.awssdk.services.sns.SnsClient.class, "listTopicsPaginator")
                .check(SERVICE);
    }
}
