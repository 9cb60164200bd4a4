package dev.awsref.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * platform holds defaults and contracts that every service shares; if it reached into a service,
 * or into Spring, every service would carry that service's (or Spring's) weight and change with it.
 */
// Jars are left out: scanning the SDK's for our package costs tens of seconds and finds nothing.
@AnalyzeClasses(
        packages = "dev.awsref.platform",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class PlatformArchitectureTest {

    @ArchTest
    static final ArchRule platformKnowsNoService = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.awsref.order..", "dev.awsref.notification..", "dev.awsref.analytics..");

    @ArchTest
    static final ArchRule eventContractsAndTopologyStayFreeOfSpringAndTheAwsSdk = noClasses()
            .that()
            .resideInAnyPackage("dev.awsref.platform.events..", "dev.awsref.platform.topology..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "software.amazon..");

    @ArchTest
    static final ArchRule topologyDoesNotDependOnItsProvisioner = noClasses()
            .that()
            .resideInAPackage("dev.awsref.platform.topology..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.awsref.platform.provision..");
}
