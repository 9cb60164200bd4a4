package dev.awsref.platform.aot;

/**
 * How the Docker image and the Elastic Beanstalk bundle start a service to train its JDK AOT cache
 * (JEP 483/514), where nothing it talks to is reachable: a Docker build, or an instance's deploy
 * hook before the new version runs. Named once here for the Dockerfile (checked by platform's
 * {@code RunFilesFollowTheModelTest}), the CDK app's bundle (BundleBuilder) and the services
 * (service-defaults' {@code ServiceDefaultsEnvironment}, which makes the profile offline).
 * {@code ./dev up} trains differently: against the running emulators, with the {@code local} profile.
 */
public final class AotTraining {

    /**
     * The profile of a training run: the database and the token issuer are only named (the pool
     * connects and the decoder fetches its keys on first use), Flyway waits for the real start, the
     * ports are any free ones and the AWS clients are made for a region without being called.
     */
    public static final String PROFILE = "aot-training";

    /**
     * The JVM arguments that make a start a training run: the profile, and Spring's own switch to
     * stop right after the context refresh (every bean made, no web server, listener or poller
     * started). A JVM system property, not a Spring property, so it cannot live in the profile.
     */
    public static final String JVM_ARGUMENTS = "-Dspring.context.exit=onRefresh -Dspring.profiles.active=" + PROFILE;

    private AotTraining() {}
}
