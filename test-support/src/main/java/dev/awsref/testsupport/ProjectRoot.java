package dev.awsref.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** The reactor's root directory, where tools/ lives: from Maven's system property, else found upwards. */
public final class ProjectRoot {

    private ProjectRoot() {}

    public static Path find() {
        String fromMaven = System.getProperty("project.root");
        if (fromMaven != null && Files.isDirectory(Path.of(fromMaven, "tools"))) {
            return Path.of(fromMaven);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("tools/emulators.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the project root (a directory with tools/emulators.sh) above "
                + Path.of("").toAbsolutePath());
    }
}
