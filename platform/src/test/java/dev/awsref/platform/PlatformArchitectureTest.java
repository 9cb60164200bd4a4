package dev.awsref.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * platform holds the contracts every service and tool shares. The event contracts and the model
 * stay plain Java, so that the CDK app, the provisioner and the services read them without the SDK;
 * mapping them onto AWS (message attributes, clients) is the aws package's job. (That platform
 * knows no service, Maven's dependency graph already forbids: no rule here repeats it.)
 */
// Jars are left out: scanning the SDK's for our package costs tens of seconds and finds nothing.
@AnalyzeClasses(
        packages = "dev.awsref.platform",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class PlatformArchitectureTest {

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
