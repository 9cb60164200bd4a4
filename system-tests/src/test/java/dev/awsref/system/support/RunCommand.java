package dev.awsref.system.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How {@code ./dev up} starts a service, read from the script itself rather than copied: the JVM
 * flags on its {@code java ... -jar} line and the variables set in front of it, so the suite
 * starts the jars exactly as the run command does and follows it when it changes.
 */
record RunCommand(List<String> jvmFlags, List<String> variables, String profile) {

    /**
     * {@code SERVER_PORT="$port" ... nohup java <flags> -jar "$jar"} or {@code ... nohup java <flags>
     * "${launch[@]}"} inside {@code start_service()}, the variables one or more to a line. The
     * launch array is {@code -jar <jar>}, or with {@code DEV_AOT} the JDK AOT cache {@code ./dev up}
     * trains; the suite runs the jar without that cache, as {@code DEV_AOT=0} does.
     */
    private static final Pattern START = Pattern.compile(
            "start_service\\(\\)\\s*\\{.*?\\n((?:[ \\t]*(?:[A-Z_]+=\\S+[ \\t]*)+\\\\?\\n)+)"
                    + "\\s*nohup java (.*?)\\s*(?:-jar \"\\$jar\"|\"\\$\\{launch\\[@]}\")",
            Pattern.DOTALL);

    private static final Pattern VARIABLE = Pattern.compile("([A-Z_]+)=(\\S+)");

    static RunCommand readFrom(Path root) {
        Path dev = root.resolve("dev");
        String script;
        try {
            script = Files.readString(dev);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + dev, e);
        }
        Matcher start = START.matcher(script);
        if (!start.find()) {
            throw new IllegalStateException(
                    "cannot find the 'VAR=.. nohup java <flags> -jar \"$jar\"' (or \"${launch[@]}\") line of start_service() in "
                            + dev + "; the system tests read how ./dev up starts a service from there");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        Matcher variable = VARIABLE.matcher(start.group(1));
        while (variable.find()) {
            variables.put(variable.group(1), variable.group(2));
        }
        // "${flags[@]}" is the run command's JVM flags, SERVICE_JVM_FLAGS in tools/lib/aot.sh.
        List<String> flags = Arrays.stream(start.group(2).trim().split("\\s+"))
                .filter(flag -> !flag.isBlank())
                .flatMap(flag -> flag.equals("\"${flags[@]}\"") ? serviceJvmFlags(root).stream() : Stream.of(flag))
                .toList();
        // ${SPRING_PROFILES_ACTIVE:-local}: the profile the run command falls back to.
        String profile = variables
                .getOrDefault("SPRING_PROFILES_ACTIVE", "")
                .replaceAll("^\"?\\$\\{SPRING_PROFILES_ACTIVE:-([^}]*)}\"?$", "$1");
        return new RunCommand(flags, List.copyOf(variables.keySet()), profile);
    }

    private static final Pattern SERVICE_JVM_FLAGS = Pattern.compile("SERVICE_JVM_FLAGS=\\(([^)]*)\\)");

    private static List<String> serviceJvmFlags(Path root) {
        Path aot = root.resolve("tools/lib/aot.sh");
        try {
            Matcher m = SERVICE_JVM_FLAGS.matcher(Files.readString(aot));
            if (!m.find()) {
                throw new IllegalStateException("cannot find SERVICE_JVM_FLAGS=(...) in " + aot);
            }
            return Arrays.stream(m.group(1).trim().split("\\s+"))
                    .filter(flag -> !flag.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + aot, e);
        }
    }
}
