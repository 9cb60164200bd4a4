package dev.awsref.system.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How {@code ./dev up} starts a service, asked of {@code dev} itself rather than copied or parsed
 * out of the script: {@code ./dev print-start-command <service>} prints what its start_service
 * runs, the variables it sets (one {@code NAME=value} a line), a line {@code --}, then java's argv
 * one a line. Both come from the same function of {@code dev}, so the suite starts the jars
 * exactly as the run command does and follows it when it changes.
 *
 * <p>The suite runs the plain jar: it is asked with {@code DEV_AOT=0}, since {@code ./dev up}
 * starts a service from the JDK AOT cache it trains and training takes a minute per service. The
 * system benchmark asks without it ({@code withAotCache}), so that what it measures is what {@code
 * ./dev up} runs: the extracted jar with its cache ({@code ./dev aot-caches} trains them first).
 * Never with Spring AOT's generated code ({@code DEV_SPRING_AOT=0}; why: below). Asked without
 * {@code SPRING_PROFILES_ACTIVE} and {@code JAVA_OPTS}, so that the profile is the one the run
 * command falls back to and the flags are its own, whatever the shell that runs the build has set;
 * and with this JVM's {@code JAVA_HOME}, the JDK that will run the services (dev's flags depend on
 * its version).
 */
record RunCommand(Map<String, String> environment, List<String> jvmFlags, Path jar) {

    static RunCommand of(Path root, String service, boolean withAotCache) {
        Path dev = root.resolve("dev");
        var builder = new ProcessBuilder(dev.toString(), "print-start-command", service).directory(root.toFile());
        builder.environment().remove("SPRING_PROFILES_ACTIVE");
        builder.environment().remove("JAVA_OPTS");
        builder.environment().put("DEV_AOT", withAotCache ? "1" : "0");
        // Spring AOT's generated code fixes which beans exist as they are in ./dev up's own run;
        // the suite turns on Zipkin export and a JWT issuer, which add beans, so it runs without it.
        builder.environment().put("DEV_SPRING_AOT", "0");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        String out;
        String err;
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(dev + " print-start-command " + service + " did not finish in 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(dev + " print-start-command " + service + " failed (exit "
                        + process.exitValue() + "): " + err.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + dev + " print-start-command " + service, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + dev + " print-start-command " + service, e);
        }
        RunCommand command = parse(service, out.lines().toList());
        if (withAotCache && !command.usesAotCache()) {
            throw new IllegalStateException("./dev would start " + service + " without a JDK AOT cache (none, or"
                    + " stale for this jar and JDK): train them with ./dev aot-caches (./dev bench system does)");
        }
        return command;
    }

    /** {@code NAME=value} lines, {@code --}, then {@code java <flags> -jar <jar>}. */
    static RunCommand parse(String service, List<String> lines) {
        int split = lines.indexOf("--");
        List<String> argv = split < 0 ? List.of() : lines.subList(split + 1, lines.size());
        if (argv.size() < 3
                || !argv.getFirst().equals("java")
                || !argv.get(argv.size() - 2).equals("-jar")) {
            throw new IllegalStateException("./dev print-start-command " + service
                    + " printed no 'NAME=value lines, --, java <flags> -jar <jar>': " + lines);
        }
        Map<String, String> environment = new LinkedHashMap<>();
        for (String variable : lines.subList(0, split)) {
            int eq = variable.indexOf('=');
            if (eq <= 0) {
                throw new IllegalStateException("./dev print-start-command " + service + " printed '" + variable
                        + "' where NAME=value belongs");
            }
            environment.put(variable.substring(0, eq), variable.substring(eq + 1));
        }
        return new RunCommand(
                Collections.unmodifiableMap(environment),
                List.copyOf(argv.subList(1, argv.size() - 2)),
                Path.of(argv.getLast()));
    }

    /**
     * True if the service starts from a JDK AOT cache: then {@link #jar()} is the extracted jar,
     * whose manifest names its {@code lib/} jars and the application's main class.
     */
    boolean usesAotCache() {
        return jvmFlags.stream().anyMatch(flag -> flag.startsWith("-XX:AOTCache="));
    }

    /** The profile the run command starts the service with. */
    String profile() {
        return environment.getOrDefault("SPRING_PROFILES_ACTIVE", "");
    }
}
