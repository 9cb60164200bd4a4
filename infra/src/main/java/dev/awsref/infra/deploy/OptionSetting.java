package dev.awsref.infra.deploy;

/**
 * One Elastic Beanstalk option setting. The same values go into the CloudFormation environment
 * (CDK) and into an UpdateEnvironment call (the deploy command), so both always agree.
 */
public record OptionSetting(String namespace, String optionName, String value) {

    public static final String COMMAND = "aws:elasticbeanstalk:command";
    public static final String TRAFFIC_SPLITTING = "aws:elasticbeanstalk:trafficsplitting";

    @Override
    public String toString() {
        return namespace + " " + optionName + "=" + value;
    }
}
