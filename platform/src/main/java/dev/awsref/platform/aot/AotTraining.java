package dev.awsref.platform.aot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * How the Docker image and the Elastic Beanstalk bundle train a service's JDK AOT cache (JEP
 * 483/514), where nothing it talks to is reachable: a Docker build, or an instance's deploy hook
 * before the new version runs. Both run one script, {@link #SCRIPT} (next to this class): the
 * Dockerfile copies it from the sources (platform's {@code RunFilesFollowTheModelTest} checks the
 * path), the CDK app's bundle carries it ({@code BundleBuilder}), and system-tests'
 * {@code OfflineAotTrainingIT} runs it on every service. The services make the profile offline
 * (service-defaults' {@code ServiceDefaultsEnvironment}). {@code ./dev up} trains differently:
 * against the running emulators, with the {@code local} profile.
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
     * The script's {@code offline=(...)} line spells them ({@code AotTrainingScriptTest}).
     */
    public static final String JVM_ARGUMENTS = "-Dspring.context.exit=onRefresh -Dspring.profiles.active=" + PROFILE;

    /**
     * {@code train-aot-cache.sh BOOT_JAR DIR [JVM_FLAG...]}: extracts the jar into DIR, trains
     * {@code DIR/<jar name>.aot} offline with the given flags, and keeps it only if the service then
     * starts with it; exits 0 whenever the service can start, with a cache or without. Its header says
     * the rest.
     */
    public static final String SCRIPT = "train-aot-cache.sh";

    /** Where the Dockerfile copies {@link #SCRIPT} from, relative to the project root. */
    public static final String SCRIPT_SOURCE = "platform/src/main/resources/dev/awsref/platform/aot/" + SCRIPT;

    private AotTraining() {}

    /** The text of {@link #SCRIPT}, as the bundle carries it. */
    public static String script() {
        try (InputStream in = AotTraining.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing next to " + AotTraining.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
