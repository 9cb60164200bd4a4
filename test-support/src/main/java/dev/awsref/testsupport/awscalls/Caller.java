package dev.awsref.testsupport.awscalls;

import java.security.CodeSource;
import java.util.Optional;

/**
 * Who made an AWS call, judged from the calling thread's stack when the call starts (the SDK runs
 * {@code beforeExecution} on the caller's thread, for async clients too): the first frame of our
 * own code or of KCL decides. Library frames in between (Spring Cloud AWS's templates, Spring) are
 * passed over, so a test that sends through {@code SqsTemplate} is still the test.
 *
 * <ul>
 *   <li>test code (a class from {@code test-classes}, or test-support): the test harness, whose
 *       set-up and assertions are not calls a service makes on AWS; not recorded;
 *   <li>the platform's provisioner ({@code dev.awsref.platform.provision}): recorded as
 *       {@code provisioner}, a local and deploy-time tool with no instance role;
 *   <li>anything else, including a stack with no frame of ours at all (a listener container's or
 *       KCL's own threads): the service under test. Unknown callers count as the service, so a
 *       doubtful call is checked rather than dropped.
 * </ul>
 *
 * @param principal whose role the call is checked against
 * @param frame the deciding frame, {@code Class.method}, for the report
 */
record Caller(String principal, String frame) {

    static final String HARNESS = "test-harness";
    static final String PROVISIONER = "provisioner";

    boolean isTestHarness() {
        return HARNESS.equals(principal);
    }

    static Caller ofCurrentThread(String service) {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.filter(f -> decides(f.getDeclaringClass()))
                        .findFirst()
                        .map(f -> new Caller(
                                principalOf(f.getDeclaringClass(), service),
                                f.getDeclaringClass().getName() + "." + f.getMethodName()))
                        .orElse(new Caller(service, "(no application frame: a library's own thread)")));
    }

    private static boolean decides(Class<?> type) {
        String name = type.getName();
        if (name.startsWith(AwsCallRecorder.class.getPackageName() + ".") && !fromTestClasses(type)) {
            return false; // the recorder itself
        }
        return name.startsWith("dev.awsref.") || name.startsWith("software.amazon.kinesis.") || isTestCode(type);
    }

    private static String principalOf(Class<?> type, String service) {
        if (isTestCode(type)) {
            return HARNESS;
        }
        if (type.getName().startsWith("dev.awsref.platform.provision.")) {
            return PROVISIONER;
        }
        return service;
    }

    private static boolean isTestCode(Class<?> type) {
        if (type.getName().startsWith("dev.awsref.testsupport.")) {
            return true;
        }
        return fromTestClasses(type);
    }

    private static boolean fromTestClasses(Class<?> type) {
        return Optional.ofNullable(type.getProtectionDomain().getCodeSource())
                .map(CodeSource::getLocation)
                .map(url -> url.getPath().contains("/test-classes/"))
                .orElse(false);
    }
}
