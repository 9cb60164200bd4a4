package dev.awsref.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.FederatedPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * The role {@code .github/workflows/deploy.yml} assumes through GitHub's OIDC provider, created
 * only with {@code -c githubRepository=owner/repo}. It trusts tokens of that repository's
 * workflow jobs that run in a GitHub <em>environment</em> (the deploy job declares one, which makes
 * the token's subject {@code repo:owner/repo:environment:<name>}), and it may:
 *
 * <ul>
 *   <li>run {@code cdk deploy} by assuming the CDK bootstrap roles (the bootstrap's own
 *       deploy/publishing/lookup roles hold CloudFormation's rights, not this role);
 *   <li>run the deploy command on this environment's applications only: upload bundles, create
 *       versions, update, abort, clone (blue/green), swap and terminate {@code <env>-<service>} and
 *       {@code <env>-<service>-b};
 *   <li>do what Elastic Beanstalk does with the caller's permissions while it updates or creates an
 *       environment (its CloudFormation stacks {@code awseb-*}, Auto Scaling, the load balancer,
 *       security groups, launch templates, alarms), and pass this environment's instance and
 *       service roles to it.
 * </ul>
 *
 * Sessions last up to {@link #MAX_SESSION}: a blue/green deploy keeps the old version for its
 * rollback window (1 hour by default) and a TrafficSplitting deploy runs for its evaluation time.
 */
public class GithubDeployRoleStack extends Stack {

    /** The role's MaxSessionDuration; the workflow asks for the same with role-duration-seconds. */
    public static final Duration MAX_SESSION = Duration.hours(4);

    static final String GITHUB_OIDC = "token.actions.githubusercontent.com";

    private final Role role;

    public GithubDeployRoleStack(
            Construct scope, String id, StackProps props, InfraSettings settings, List<ServiceStack> services) {
        super(scope, id, props);
        String repository = settings.githubRepository()
                .orElseThrow(() -> new IllegalArgumentException("githubRepository context is required"));
        String partition = getPartition();
        String region = getRegion();
        String account = getAccount();
        String env = settings.env();

        // The OIDC provider is created once per account (see docs/deploy-to-aws.md); referenced here.
        var principal = new FederatedPrincipal(
                "arn:" + partition + ":iam::" + account + ":oidc-provider/" + GITHUB_OIDC,
                Map.of(
                        "StringEquals",
                        Map.of(GITHUB_OIDC + ":aud", "sts.amazonaws.com"),
                        "StringLike",
                        Map.of(GITHUB_OIDC + ":sub", subject(repository))),
                "sts:AssumeRoleWithWebIdentity");
        role = Role.Builder.create(this, "Role")
                .roleName(env + "-github-deploy")
                .assumedBy(principal)
                .maxSessionDuration(MAX_SESSION)
                .description("GitHub Actions deploy of " + repository + " to the " + env + " environment")
                .build();

        String eb = "arn:" + partition + ":elasticbeanstalk:" + region + ":" + account + ":";
        var applications = new ArrayList<String>();
        var environments = new ArrayList<String>();
        var versions = new ArrayList<String>();
        var templates = new ArrayList<String>();
        var passedRoles = new ArrayList<String>();
        for (ServiceStack service : services) {
            String name = service.environmentName();
            applications.add(eb + "application/" + name);
            environments.add(eb + "environment/" + name + "/" + name);
            environments.add(eb + "environment/" + name + "/" + name + "-b");
            versions.add(eb + "applicationversion/" + name + "/*");
            templates.add(eb + "configurationtemplate/" + name + "/*");
            passedRoles.add(service.instanceRole().getRoleArn());
            passedRoles.add(service.serviceRole().getRoleArn());
        }
        var scoped = new ArrayList<String>();
        scoped.addAll(applications);
        scoped.addAll(environments);
        scoped.addAll(versions);
        scoped.addAll(templates);
        // A platform version is named in every environment update.
        scoped.add("arn:" + partition + ":elasticbeanstalk:" + region + "::platform/*");
        scoped.add("arn:" + partition + ":elasticbeanstalk:" + region + "::solutionstack/*");

        String bucket = "arn:" + partition + ":s3:::elasticbeanstalk-" + region + "-" + account;
        add(
                "AssumeCdkBootstrapRoles",
                List.of("sts:AssumeRole"),
                List.of("arn:" + partition + ":iam::" + account + ":role/cdk-*"));
        add(
                "DeployItsEnvironments",
                List.of(
                        "elasticbeanstalk:CreateApplicationVersion",
                        "elasticbeanstalk:UpdateEnvironment",
                        "elasticbeanstalk:AbortEnvironmentUpdate",
                        "elasticbeanstalk:CreateConfigurationTemplate",
                        "elasticbeanstalk:DeleteConfigurationTemplate",
                        "elasticbeanstalk:CreateEnvironment",
                        "elasticbeanstalk:SwapEnvironmentCNAMEs",
                        "elasticbeanstalk:TerminateEnvironment",
                        "elasticbeanstalk:DescribeConfigurationSettings",
                        "elasticbeanstalk:DescribeEnvironmentHealth",
                        "elasticbeanstalk:AddTags",
                        "elasticbeanstalk:ListTagsForResource"),
                scoped);
        add(
                "ReadElasticBeanstalk",
                List.of(
                        "elasticbeanstalk:CreateStorageLocation",
                        "elasticbeanstalk:DescribeEnvironments",
                        "elasticbeanstalk:DescribeEvents",
                        "elasticbeanstalk:DescribeApplicationVersions",
                        "elasticbeanstalk:DescribeConfigurationOptions",
                        "elasticbeanstalk:ListPlatformVersions"),
                List.of("*"));
        add(
                "UploadBundles",
                List.of("s3:PutObject", "s3:GetObject", "s3:GetObjectAcl", "s3:PutObjectAcl"),
                List.of(bucket + "/" + env + "-*", bucket + "/resources/*"));
        add(
                "ElasticBeanstalksBucket",
                List.of(
                        "s3:CreateBucket",
                        "s3:GetBucketLocation",
                        "s3:GetBucketPolicy",
                        "s3:PutBucketPolicy",
                        "s3:ListBucket"),
                List.of(bucket));
        add(
                "ReadPlatformAssets",
                List.of("s3:GetObject", "s3:ListBucket"),
                List.of(
                        "arn:" + partition + ":s3:::elasticbeanstalk-env-resources-" + region,
                        "arn:" + partition + ":s3:::elasticbeanstalk-env-resources-" + region + "/*",
                        "arn:" + partition + ":s3:::elasticbeanstalk-platform-assets-" + region,
                        "arn:" + partition + ":s3:::elasticbeanstalk-platform-assets-" + region + "/*"));
        add(
                "ElasticBeanstalksOwnStacks",
                List.of(
                        "cloudformation:CreateStack",
                        "cloudformation:UpdateStack",
                        "cloudformation:DeleteStack",
                        "cloudformation:CancelUpdateStack",
                        "cloudformation:DescribeStacks",
                        "cloudformation:DescribeStackEvents",
                        "cloudformation:DescribeStackResource",
                        "cloudformation:DescribeStackResources",
                        "cloudformation:GetTemplate",
                        "cloudformation:ListStackResources"),
                List.of("arn:" + partition + ":cloudformation:" + region + ":" + account + ":stack/awseb-*"));
        // Resources Elastic Beanstalk creates get names and ids it chooses: no narrower resource exists.
        add(
                "WhatElasticBeanstalkDoesWithTheCallersRights",
                List.of(
                        "autoscaling:CreateAutoScalingGroup",
                        "autoscaling:UpdateAutoScalingGroup",
                        "autoscaling:DeleteAutoScalingGroup",
                        "autoscaling:Describe*",
                        "autoscaling:SetDesiredCapacity",
                        "autoscaling:SuspendProcesses",
                        "autoscaling:ResumeProcesses",
                        "autoscaling:TerminateInstanceInAutoScalingGroup",
                        "autoscaling:PutScalingPolicy",
                        "autoscaling:DeletePolicy",
                        "autoscaling:PutNotificationConfiguration",
                        "autoscaling:AttachInstances",
                        "autoscaling:DetachInstances",
                        "autoscaling:CreateOrUpdateTags",
                        "ec2:Describe*",
                        "ec2:CreateSecurityGroup",
                        "ec2:DeleteSecurityGroup",
                        "ec2:AuthorizeSecurityGroupIngress",
                        "ec2:AuthorizeSecurityGroupEgress",
                        "ec2:RevokeSecurityGroupIngress",
                        "ec2:RevokeSecurityGroupEgress",
                        "ec2:CreateLaunchTemplate",
                        "ec2:CreateLaunchTemplateVersion",
                        "ec2:DeleteLaunchTemplate",
                        "ec2:RunInstances",
                        "ec2:TerminateInstances",
                        "ec2:CreateTags",
                        "elasticloadbalancing:Describe*",
                        "elasticloadbalancing:CreateLoadBalancer",
                        "elasticloadbalancing:DeleteLoadBalancer",
                        "elasticloadbalancing:CreateListener",
                        "elasticloadbalancing:ModifyListener",
                        "elasticloadbalancing:DeleteListener",
                        "elasticloadbalancing:CreateTargetGroup",
                        "elasticloadbalancing:ModifyTargetGroup",
                        "elasticloadbalancing:ModifyTargetGroupAttributes",
                        "elasticloadbalancing:DeleteTargetGroup",
                        "elasticloadbalancing:RegisterTargets",
                        "elasticloadbalancing:DeregisterTargets",
                        "elasticloadbalancing:ModifyLoadBalancerAttributes",
                        "elasticloadbalancing:SetSecurityGroups",
                        "elasticloadbalancing:CreateRule",
                        "elasticloadbalancing:ModifyRule",
                        "elasticloadbalancing:DeleteRule",
                        "elasticloadbalancing:AddTags",
                        "cloudwatch:PutMetricAlarm",
                        "cloudwatch:DeleteAlarms",
                        "cloudwatch:DescribeAlarms",
                        "logs:CreateLogGroup",
                        "logs:PutRetentionPolicy",
                        "logs:DescribeLogGroups"),
                List.of("*"));
        var passRole = PolicyStatement.Builder.create()
                .sid("PassItsRolesToElasticBeanstalk")
                .actions(List.of("iam:PassRole"))
                .resources(passedRoles)
                .conditions(Map.of(
                        "StringEquals",
                        Map.of("iam:PassedToService", List.of("elasticbeanstalk.amazonaws.com", "ec2.amazonaws.com"))))
                .build();
        role.addToPolicy(passRole);
        add(
                "ReadInstanceProfiles",
                List.of("iam:GetInstanceProfile", "iam:GetRole", "iam:ListInstanceProfiles"),
                List.of(
                        "arn:" + partition + ":iam::" + account + ":instance-profile/*",
                        "arn:" + partition + ":iam::" + account + ":role/*"));

        Nag.suppress(
                role,
                "AwsSolutions-IAM5",
                "Elastic Beanstalk creates an environment's Auto Scaling group, load balancer, security groups,"
                        + " launch templates and alarms with the caller's permissions, under names and ids it chooses;"
                        + " its CloudFormation stacks are awseb-*; application versions and configuration templates"
                        + " are named per deploy; the CDK bootstrap roles are cdk-*; describe/list actions take no resource.");
        CfnOutput.Builder.create(this, "RoleArn")
                .value(role.getRoleArn())
                .description("the repository variable AWS_DEPLOY_ROLE_ARN")
                .build();
    }

    /** Tokens of jobs that declare a GitHub environment: {@code repo:OWNER/REPO:environment:NAME}. */
    static String subject(String repository) {
        return "repo:" + repository + ":environment:*";
    }

    private void add(String sid, List<String> actions, List<String> resources) {
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid(sid)
                .actions(actions)
                .resources(resources)
                .build());
    }

    public Role role() {
        return role;
    }
}
