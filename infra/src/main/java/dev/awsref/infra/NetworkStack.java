package dev.awsref.infra;

import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

/**
 * A VPC over two Availability Zones: public subnets for the load balancers, private subnets with a
 * route out through NAT for the service instances (they call AWS APIs), and isolated subnets with
 * no route out at all for the databases. One NAT gateway by default: a second one costs about
 * USD 33 a month and only matters when an AZ fails.
 */
public class NetworkStack extends Stack {

    private final Vpc vpc;
    private final SecurityGroup servicesSecurityGroup;

    public NetworkStack(Construct scope, String id, StackProps props, InfraSettings settings) {
        super(scope, id, props);
        vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(settings.natGateways())
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder()
                                .name("public")
                                .subnetType(SubnetType.PUBLIC)
                                .cidrMask(24)
                                .build(),
                        SubnetConfiguration.builder()
                                .name("services")
                                .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                .cidrMask(22)
                                .build(),
                        SubnetConfiguration.builder()
                                .name("data")
                                .subnetType(SubnetType.PRIVATE_ISOLATED)
                                .cidrMask(24)
                                .build()))
                .build();
        vpc.addFlowLog(
                "RejectedTraffic",
                FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs())
                        .trafficType(FlowLogTrafficType.REJECT)
                        .build());
        // The instances of every service environment; the data stores admit only this group.
        servicesSecurityGroup = SecurityGroup.Builder.create(this, "ServiceInstances")
                .vpc(vpc)
                .description("Elastic Beanstalk service instances")
                .allowAllOutbound(true)
                .build();
    }

    public Vpc vpc() {
        return vpc;
    }

    public SecurityGroup servicesSecurityGroup() {
        return servicesSecurityGroup;
    }
}
