package dev.awsref.notification;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.awspring.cloud.sqs.annotation.SqsListener;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What keeps the listeners thin and the email side free of queues. (That this service does not
 * reach into another service, Maven's dependency graph already forbids: no rule here repeats it.)
 */
class ArchitectureTest {

    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.awsref.notification");

    /** A queue named any other way could be one the model does not declare or give to this service. */
    @Test
    void everyListenerNamesItsQueueThroughTheTopologyBean() {
        methods()
                .that()
                .areAnnotatedWith(SqsListener.class)
                .should(nameTheirQueuesThroughTheTopology())
                .check(SERVICE);
    }

    /**
     * Acknowledging, dead-lettering and extending visibility are the platform's listener policy;
     * a listener that called SQS itself would have a second, different policy.
     */
    @Test
    void listenersLeaveSqsToTheListenerPolicy() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.awsref.notification.orders..", "dev.awsref.notification.documents..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "software.amazon.awssdk.services.sqs", "io.awspring.cloud.sqs.listener.acknowledgement..")
                .check(SERVICE);
    }

    /** Mail knows what to send, not where the request came from. */
    @Test
    void theMailSideKnowsNothingOfQueues() {
        noClasses()
                .that()
                .resideInAPackage("dev.awsref.notification.email..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.awspring..", "software.amazon..", "dev.awsref.notification.queues..")
                .check(SERVICE);
    }

    static ArchCondition<JavaMethod> nameTheirQueuesThroughTheTopology() {
        return new ArchCondition<>("name their queues as #{@topology.queue('<logical name>')}") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                SqsListener listener = method.getAnnotationOfType(SqsListener.class);
                var names = Arrays.asList(listener.value().length > 0 ? listener.value() : listener.queueNames());
                boolean ok = !names.isEmpty()
                        && names.stream().allMatch(name -> name.matches("#\\{@topology\\.queue\\('[a-z0-9.-]+'\\)}"));
                events.add(new SimpleConditionEvent(method, ok, method.getFullName() + " listens to " + names));
            }
        };
    }
}
